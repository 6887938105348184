// Draws the radar per region of the scoreboard round page with Chart.js from each canvas's
// data-radar attribute ({labels, values, min, max, title}; null = not scored). The scores are
// also in the table above, so the page works without JavaScript.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') return;
  Array.prototype.forEach.call(document.querySelectorAll('canvas[data-radar]'), function (canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-radar'));
    } catch (e) {
      return;
    }
    var box = canvas.parentNode;
    box.style.position = 'relative';
    box.style.height = '320px';
    canvas.style.maxHeight = 'none';
    new window.Chart(canvas, {
      type: 'radar',
      data: {
        labels: spec.labels,
        datasets: [{
          label: spec.title,
          data: spec.values,
          backgroundColor: 'rgba(0, 114, 178, 0.25)',
          borderColor: '#0072B2',
          pointBackgroundColor: '#0072B2',
          spanGaps: true
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          r: {
            min: spec.min,
            max: spec.max,
            ticks: { stepSize: 1, precision: 0 },
            pointLabels: { font: { size: 11 } }
          }
        }
      }
    });
    canvas.setAttribute('data-drawn', 'radar');
  });
})();
