// Live dashboard: polls the figures (same session, same origin) and redraws tables, figures and charts.
// Every value is written with textContent, never as markup.
(function () {
  'use strict';
  var root = document.getElementById('dashboard');
  if (!root) return;
  var labels = JSON.parse(root.getAttribute('data-labels') || '{}');
  var source = root.getAttribute('data-source');
  var refreshMs = Number(root.getAttribute('data-refresh-seconds') || '5') * 1000;
  var charts = {};
  var PALETTE = ['#0b63c9', '#1e7b45', '#d9480f', '#b3261e', '#7048e8', '#0c8599', '#e8590c', '#5f6b7a', '#a61e4d'];

  function label(map, key) {
    return (labels[map] && labels[map][key]) || key;
  }
  function duration(s) {
    if (s === null || s === undefined) return '—';
    s = Math.round(s);
    return s < 60 ? s + ' ' + labels.seconds : Math.floor(s / 60) + ' ' + labels.minutes + ' ' + (s % 60) + ' ' + labels.seconds;
  }
  function percent(x) {
    return x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%';
  }
  function cell(row, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }
  function setKpi(id, text) {
    var el = root.querySelector('[data-kpi="' + id + '"]');
    if (el) el.textContent = text;
  }

  function drawChart(id, type, keys, values, map, title) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof window.Chart !== 'function') return;
    var names = keys.map(function (k) {
      return label(map, k);
    });
    if (charts[id]) {
      charts[id].data.labels = names;
      charts[id].data.datasets[0].data = values;
      charts[id].update('none');
      return;
    }
    charts[id] = new window.Chart(canvas, {
      type: type,
      data: {
        labels: names,
        datasets: [
          {
            label: title,
            data: values,
            backgroundColor: keys.map(function (_, i) {
              return PALETTE[i % PALETTE.length];
            }),
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: type === 'doughnut', position: 'right' } },
        scales: type === 'bar' ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
      },
    });
  }

  function render(f) {
    var waitingTotal = f.waiting.reduce(function (n, q) {
      return n + q.callers;
    }, 0);
    setKpi('waiting', String(waitingTotal));
    setKpi('calls', String(f.today.calls));
    setKpi('abandonment', percent(f.today.abandonmentRate));
    setKpi('averageWait', duration(f.today.averageWaitSeconds));
    setKpi('p90Wait', duration(f.today.p90WaitSeconds));
    setKpi('averageCsat', f.today.averageCsat === null ? '—' : f.today.averageCsat + ' / 5');
    setKpi('dueSoon', String(f.tickets.dueSoon));
    setKpi('overdue', String(f.tickets.overdue));
    setKpi('riskPending', String(f.riskOutbox.pending));
    setKpi('riskFailed', String(f.riskOutbox.failed));
    var refreshed = root.querySelector('[data-refreshed]');
    if (refreshed) refreshed.textContent = new Date(f.at).toLocaleTimeString();

    var waiting = root.querySelector('[data-waiting]');
    waiting.replaceChildren();
    if (f.waiting.length === 0) {
      var empty = document.createElement('tr');
      cell(empty, labels.nobodyWaiting, 'muted').colSpan = 3;
      waiting.appendChild(empty);
    }
    f.waiting.forEach(function (q) {
      var tr = document.createElement('tr');
      cell(tr, label('queues', q.queue));
      cell(tr, String(q.callers), 'num');
      cell(tr, duration(q.longestWaitSeconds), 'num');
      waiting.appendChild(tr);
    });

    var agents = root.querySelector('[data-agents]');
    agents.replaceChildren();
    f.agents
      .filter(function (a) {
        return a.active;
      })
      .forEach(function (a) {
        var tr = document.createElement('tr');
        cell(tr, a.agentId, 'mono');
        cell(tr, a.name);
        cell(tr, label('agentStatuses', a.status), 'agent-' + a.status);
        cell(tr, String(a.callsHandledToday), 'num');
        var td = cell(tr, '');
        if (a.currentCall) {
          var link = document.createElement('a');
          link.href = '/console/calls/' + encodeURIComponent(a.currentCall);
          link.textContent = labels.view;
          td.appendChild(link);
        }
        agents.appendChild(tr);
      });

    drawChart(
      'chart-waiting',
      'bar',
      f.waiting.map(function (q) {
        return q.queue;
      }),
      f.waiting.map(function (q) {
        return q.callers;
      }),
      'queues',
      labels.callers,
    );
    var branches = Object.keys(f.today.byBranch);
    drawChart(
      'chart-branches',
      'bar',
      branches,
      branches.map(function (b) {
        return f.today.byBranch[b];
      }),
      'branches',
      labels.count,
    );
    var outcomes = Object.keys(f.today.byOutcome);
    drawChart(
      'chart-outcomes',
      'doughnut',
      outcomes,
      outcomes.map(function (o) {
        return f.today.byOutcome[o];
      }),
      'outcomes',
      labels.count,
    );
    root.setAttribute('data-updated', f.at);
  }

  function refresh() {
    fetch(source, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 401) {
          window.location.assign('/console/sign-in?expired=1');
          throw new Error('signed out');
        }
        return res.json();
      })
      .then(render)
      .catch(function () {
        /* the next poll tries again */
      })
      .finally(function () {
        window.setTimeout(refresh, refreshMs);
      });
  }

  render(JSON.parse(root.getAttribute('data-initial')));
  window.setTimeout(refresh, refreshMs);
})();
