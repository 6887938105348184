// Draws the charts of /w/:ws/events/kpis with Chart.js from each canvas's data-event-chart
// attribute ({labels, datasets: [{label, data}], stacked, palette, axis}). The numbers are also in
// the tables beneath, so the page works without JavaScript.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') return;
  var canvases = document.querySelectorAll('canvas[data-event-chart]');
  Array.prototype.forEach.call(canvases, function (canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-event-chart'));
    } catch (e) {
      return;
    }
    var palette = spec.palette && spec.palette.length ? spec.palette : ['#0072B2'];
    var many = spec.datasets.length > 1;
    var datasets = spec.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data,
        backgroundColor: many ? palette[i % palette.length] : palette[0],
        borderWidth: 0,
        maxBarThickness: 28
      };
    });
    var box = canvas.parentNode;
    var height = 48 + spec.labels.length * (many ? 30 : 28) + (many ? 40 : 0);
    box.style.position = 'relative';
    box.style.height = Math.max(140, Math.min(height, 520)) + 'px';
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: many, position: 'top' }, title: { display: false } },
        scales: {
          x: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: spec.axis || '' } },
          y: { stacked: !!spec.stacked, ticks: { autoSkip: false } }
        }
      }
    });
  });
})();
