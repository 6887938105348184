// Draws the bar charts of /w/:ws/charts and /w/:ws/events/kpis with Chart.js from each canvas's
// data-chart attribute ({labels, datasets: [{label, data}], stacked, palette, color, axis, title};
// axis: the value axis title, "Projects" when absent). The numbers are also in the table beneath
// every chart, so the page works without JavaScript.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') return;
  var canvases = document.querySelectorAll('canvas[data-chart]');
  Array.prototype.forEach.call(canvases, function (canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-chart'));
    } catch (e) {
      return;
    }
    var palette = spec.palette && spec.palette.length ? spec.palette : ['#0072B2'];
    var many = spec.datasets.length > 1;
    var datasets = spec.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data,
        backgroundColor: many ? palette[i % palette.length] : (spec.color || palette[0]),
        borderWidth: 0,
        maxBarThickness: 28
      };
    });
    // Height from the number of bars: a long programme list must not squash its bars.
    var box = canvas.parentNode;
    var height = 48 + spec.labels.length * (many ? 30 : 28) + (many ? 40 : 0);
    box.style.position = 'relative';
    box.style.height = Math.max(140, Math.min(height, 520)) + 'px';
    canvas.style.maxHeight = 'none';
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: many, position: 'top' },
          title: { display: false },
          tooltip: { mode: many ? 'index' : 'nearest', intersect: !many }
        },
        scales: {
          x: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: spec.axis || 'Projects' } },
          y: { stacked: !!spec.stacked, ticks: { autoSkip: false } }
        }
      }
    });
  });
})();

// ---- issue 3: the influence-interest matrix of /w/:ws/stakeholders ----
// canvas[data-matrix] holds {points: [{x: interest, y: influence, n, tier}]}; the same numbers
// are in the table beside it, so the page works without JavaScript.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') return;
  var colors = {
    'manage-closely': '#D55E00', 'keep-satisfied': '#E69F00',
    'keep-informed': '#0072B2', 'monitor': '#999999'
  };
  var labels = {
    'manage-closely': 'Manage closely', 'keep-satisfied': 'Keep satisfied',
    'keep-informed': 'Keep informed', 'monitor': 'Monitor'
  };
  Array.prototype.forEach.call(document.querySelectorAll('canvas[data-matrix]'), function (canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute('data-matrix')); } catch (e) { return; }
    var max = 1;
    spec.points.forEach(function (p) { if (p.n > max) max = p.n; });
    var datasets = Object.keys(labels).map(function (tier) {
      return {
        label: labels[tier],
        backgroundColor: colors[tier],
        data: spec.points.filter(function (p) { return p.tier === tier; }).map(function (p) {
          return { x: p.x, y: p.y, r: 4 + 20 * Math.sqrt(p.n / max), n: p.n };
        })
      };
    });
    canvas.parentNode.style.position = 'relative';
    canvas.parentNode.style.height = '360px';
    new window.Chart(canvas, {
      type: 'bubble',
      data: { datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { position: 'top' },
          tooltip: { callbacks: { label: function (c) {
            return c.dataset.label + ': ' + c.raw.n + ' (influence ' + c.raw.y + ', interest ' + c.raw.x + ')';
          } } }
        },
        scales: {
          x: { min: 0.5, max: 5.5, ticks: { stepSize: 1 }, title: { display: true, text: 'Interest' } },
          y: { min: 0.5, max: 5.5, ticks: { stepSize: 1 }, title: { display: true, text: 'Influence' } }
        }
      }
    });
  });
})();
