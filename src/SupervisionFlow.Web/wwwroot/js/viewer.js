// 流程图: the suggestion's process instances in the bpmn-js NavigatedViewer (served from npm under /lib), with the
// completed activities and the current ones marked. The page gives the JSON address in data-diagram-url.
(function () {
  'use strict';

  var root = document.getElementById('process-diagrams');
  if (!root || typeof window.BpmnJS !== 'function') {
    return;
  }

  function note(text) {
    var p = document.createElement('p');
    p.className = 'muted';
    p.textContent = text;
    root.appendChild(p);
  }

  function mark(viewer, ids, marker) {
    var registry = viewer.get('elementRegistry');
    var canvas = viewer.get('canvas');
    ids.forEach(function (id) {
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      }
    });
  }

  async function show(diagram, index) {
    var figure = document.createElement('figure');
    figure.className = 'process-diagram';
    figure.setAttribute('data-testid', 'process-diagram');
    figure.setAttribute('data-definition-key', diagram.definitionKey);
    var caption = document.createElement('figcaption');
    caption.textContent = diagram.title + '（' + diagram.definitionKey + ' 第 ' + diagram.version + ' 版，' + diagram.state + '）';
    var canvas = document.createElement('div');
    canvas.className = 'process-diagram-canvas';
    canvas.id = 'process-diagram-' + index;
    figure.appendChild(caption);
    figure.appendChild(canvas);
    root.appendChild(figure);

    var viewer = new window.BpmnJS({ container: canvas });
    await viewer.importXML(diagram.xml);
    viewer.get('canvas').zoom('fit-viewport');
    mark(viewer, diagram.completed, 'sf-completed');
    mark(viewer, diagram.active, 'sf-active');
    figure.setAttribute('data-active', diagram.active.join(' '));
    figure.setAttribute('data-completed', diagram.completed.join(' '));
  }

  async function start() {
    var response = await fetch(root.dataset.diagramUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      note('无法读取流程图（HTTP ' + response.status + '）');
      return;
    }
    var body = await response.json();
    if (body.diagrams.length === 0) {
      note('该建议尚未启动办理流程。');
    }
    for (var i = 0; i < body.diagrams.length; i++) {
      await show(body.diagrams[i], i);
    }
    root.setAttribute('data-ready', 'true');
  }

  start().catch(function (error) {
    note('流程图无法显示：' + (error && error.message ? error.message : error));
  });
}());
