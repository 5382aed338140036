// 督办统计: draws the dashboard's ECharts charts from the page's JSON endpoint (data-source on #dashboard-charts).
// Loaded as a file (CSP script-src 'self'); ECharts itself is served from the npm package at /lib/echarts/dist/.
(function () {
    'use strict';

    var root = document.getElementById('dashboard-charts');
    if (!root) {
        return;
    }

    // Tooltips are HTML: every name from the data (categories, unit names) is escaped before it goes in.
    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
        });
    }

    function percent(value) {
        return value === null || value === undefined ? '—' : (value * 100).toFixed(1) + '%';
    }

    function pairs(rows) {
        return rows.map(function (r) { return { name: r.label, value: r.count }; });
    }

    function pie(title, data, note) {
        return {
            title: note ? { text: '', subtext: note, left: 'center', top: 'bottom' } : undefined,
            tooltip: {
                trigger: 'item',
                formatter: function (p) { return escapeHtml(p.name) + '：' + p.value + ' 件（' + p.percent + '%）'; }
            },
            legend: { type: 'scroll', top: 0 },
            series: [{
                name: title, type: 'pie', radius: ['35%', '65%'], top: 30,
                label: { formatter: '{b}\n{c} 件' },
                data: data
            }]
        };
    }

    function horizontalBar(title, rows) {
        var sorted = rows.slice().sort(function (a, b) { return a.count - b.count; });
        return {
            tooltip: {
                trigger: 'axis', axisPointer: { type: 'shadow' },
                formatter: function (items) { return escapeHtml(items[0].name) + '：' + items[0].value + ' 件'; }
            },
            grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: { type: 'category', data: sorted.map(function (r) { return r.label; }) },
            series: [{ name: title, type: 'bar', data: sorted.map(function (r) { return r.count; }), label: { show: true, position: 'right' } }]
        };
    }

    function units(rows) {
        var top = rows.slice(0, 15);
        return {
            tooltip: {
                trigger: 'axis', axisPointer: { type: 'shadow' },
                formatter: function (items) {
                    var unit = top[items[0].dataIndex];
                    return escapeHtml(unit.unitName) + '<br>主办/分办 ' + unit.lead + ' 件，会办 ' + unit.co + ' 件<br>已答复 ' + unit.replied +
                        ' 件，按时答复率 ' + percent(unit.onTimeRate) + '<br>超期未答复 ' + unit.overdue + ' 件，满意率 ' + percent(unit.satisfactionRate);
                }
            },
            legend: { top: 0 },
            grid: { left: 8, right: 16, top: 30, bottom: 10, containLabel: true },
            xAxis: { type: 'category', data: top.map(function (u) { return u.unitName; }), axisLabel: { interval: 0, rotate: 30 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
                { name: '主办/分办', type: 'bar', stack: 'units', data: top.map(function (u) { return u.lead; }) },
                { name: '会办', type: 'bar', stack: 'units', data: top.map(function (u) { return u.co; }) },
                { name: '超期未答复', type: 'bar', data: top.map(function (u) { return u.overdue; }) }
            ]
        };
    }

    function options(data) {
        var s = data.satisfaction;
        return {
            category: horizontalBar('件数', data.byCategory),
            kind: pie('建议类型', pairs(data.byKind)),
            formedBy: pie('形成方式', pairs(data.byFormedBy)),
            resultClass: pie('办理结果', pairs(data.byResultClass)),
            satisfaction: pie('满意度', [
                { name: '满意', value: s.satisfied },
                { name: '基本满意', value: s.basicallySatisfied },
                { name: '不满意', value: s.unsatisfied }
            ], '满意率 ' + percent(data.headline.satisfactionRate) + '（未测评 ' + s.notEvaluated + ' 件不计入）'),
            units: units(data.byUnit)
        };
    }

    function empty(option) {
        var series = option.series || [];
        return series.every(function (serie) {
            return serie.data.every(function (d) { return (typeof d === 'number' ? d : d.value) === 0; });
        });
    }

    function draw(data) {
        var all = options(data);
        var charts = [];
        Array.prototype.forEach.call(root.querySelectorAll('[data-chart]'), function (element) {
            var option = all[element.getAttribute('data-chart')];
            if (!option) {
                return;
            }
            element.style.height = '320px';
            if (empty(option)) {
                element.style.height = 'auto';
                element.textContent = '暂无数据';
                element.classList.add('chart-empty');
                return;
            }
            var chart = window.echarts.init(element);
            chart.setOption(option);
            charts.push(chart);
        });
        window.addEventListener('resize', function () {
            charts.forEach(function (chart) { chart.resize(); });
        });
        root.setAttribute('data-ready', 'true');
    }

    function fail() {
        var message = root.querySelector('.chart-error');
        if (message) {
            message.hidden = false;
        }
        root.setAttribute('data-ready', 'error');
    }

    if (!window.echarts) {
        fail();
        return;
    }
    fetch(root.getAttribute('data-source'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) {
            if (!response.ok) {
                throw new Error(response.status);
            }
            return response.json();
        })
        .then(draw)
        .catch(fail);
}());
