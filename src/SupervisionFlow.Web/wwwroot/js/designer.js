// 流程设计器: bpmn-js Modeler with the Camunda platform properties panel (served from npm under /lib).
// Under CSP script-src 'self' there is no inline script: the page passes its URLs in data- attributes of #designer,
// and every POST sends the antiforgery token in the RequestVerificationToken header.
(function () {
  'use strict';

  var root = document.getElementById('designer');
  if (!root || typeof window.BpmnJS !== 'function') {
    return;
  }

  var problemsTable = document.getElementById('problems');
  var problemsBody = problemsTable.querySelector('tbody');
  var problemsSummary = document.getElementById('problems-summary');
  var status = document.getElementById('designer-status');
  var tokenInput = document.querySelector('#designer-antiforgery input[name="__RequestVerificationToken"]');
  var marked = [];
  var dirty = false;
  var modeler;

  function setStatus(text, kind) {
    status.textContent = text;
    status.className = 'designer-status' + (kind ? ' designer-status-' + kind : '');
  }

  function clearMarkers() {
    var canvas = modeler.get('canvas');
    var registry = modeler.get('elementRegistry');
    marked.forEach(function (id) {
      if (registry.get(id)) {
        canvas.removeMarker(id, 'sf-error');
      }
    });
    marked = [];
  }

  function elementLabel(id) {
    var element = id && modeler.get('elementRegistry').get(id);
    if (!element) {
      return id || '';
    }
    var name = element.businessObject && element.businessObject.name;
    return name ? name + '（' + id + '）' : id;
  }

  function focusElement(id) {
    var element = modeler.get('elementRegistry').get(id);
    if (!element) {
      return;
    }
    if (element.waypoints === undefined) {
      modeler.get('canvas').scrollToElement(element);
    }
    modeler.get('selection').select(element);
  }

  // Lists the server's problems and marks their elements in the canvas.
  function showProblems(problems) {
    clearMarkers();
    problemsBody.textContent = '';
    var canvas = modeler.get('canvas');
    var registry = modeler.get('elementRegistry');
    problems.forEach(function (problem) {
      var row = document.createElement('tr');
      row.setAttribute('data-testid', 'problem');
      if (problem.elementId) {
        row.setAttribute('data-element-id', problem.elementId);
      }
      [problem.code, elementLabel(problem.elementId), problem.line ? String(problem.line) : '', problem.message].forEach(function (text, index) {
        var cell = document.createElement('td');
        cell.textContent = text;
        if (index === 3 && problem.detail) {
          var detail = document.createElement('div');
          detail.className = 'problem-detail';
          detail.textContent = problem.detail;
          cell.appendChild(detail);
        }
        row.appendChild(cell);
      });
      if (problem.elementId && registry.get(problem.elementId)) {
        canvas.addMarker(problem.elementId, 'sf-error');
        marked.push(problem.elementId);
        row.classList.add('problem-linked');
        row.addEventListener('click', function () { focusElement(problem.elementId); });
      }
      problemsBody.appendChild(row);
    });
    problemsTable.hidden = problems.length === 0;
    problemsSummary.textContent = problems.length === 0 ? '未发现问题，可以部署。' : '发现 ' + problems.length + ' 个问题：';
    problemsSummary.className = problems.length === 0 ? 'alert-ok' : 'alert-error';
    problemsSummary.hidden = false;
  }

  async function currentXml() {
    var result = await modeler.saveXML({ format: true });
    return result.xml;
  }

  async function post(url, xml) {
    var response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/xml; charset=utf-8',
        'Accept': 'application/json',
        'RequestVerificationToken': tokenInput ? tokenInput.value : ''
      },
      body: xml
    });
    var body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    return { status: response.status, body: body };
  }

  async function validate() {
    setStatus('正在校验…');
    var result = await post(root.dataset.validateUrl, await currentXml());
    if (result.status !== 200 || !result.body) {
      setStatus('校验失败（HTTP ' + result.status + '）', 'error');
      return;
    }
    showProblems(result.body.problems);
    setStatus(result.body.problems.length === 0 ? '校验通过' : '校验未通过', result.body.problems.length === 0 ? 'ok' : 'error');
  }

  async function deploy() {
    setStatus('正在部署…');
    var result = await post(root.dataset.deployUrl, await currentXml());
    if (result.status === 400 && result.body && result.body.problems) {
      showProblems(result.body.problems);
      setStatus('部署被拒绝：请先修正下列问题', 'error');
      return;
    }
    if (result.status !== 200 || !result.body) {
      setStatus('部署失败（HTTP ' + result.status + '）', 'error');
      return;
    }
    showProblems([]);
    problemsSummary.hidden = true;
    dirty = false;
    var versions = result.body.definitions.map(function (d) { return d.key + ' 第 ' + d.version + ' 版'; }).join('、');
    setStatus(result.body.created ? '已部署：' + versions : '内容未变化，未产生新版本（' + versions + '）', 'ok');
    var deployed = document.getElementById('deployed-link');
    var first = result.body.definitions[0];
    if (deployed && first) {
      deployed.href = root.dataset.editUrl + '?id=' + encodeURIComponent(first.id);
      deployed.hidden = false;
    }
  }

  function download() {
    currentXml().then(function (xml) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
      link.download = (root.dataset.fileName || 'process') + '.bpmn';
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  function guard(action) {
    return function () {
      action().catch(function (error) {
        setStatus('出错：' + (error && error.message ? error.message : error), 'error');
      });
    };
  }

  async function start() {
    var panel = window.BpmnJSPropertiesPanel;
    var moddle = await (await fetch(root.dataset.moddleUrl, { credentials: 'same-origin' })).json();
    modeler = new window.BpmnJS({
      container: '#designer-canvas',
      propertiesPanel: { parent: '#properties-panel' },
      additionalModules: [panel.BpmnPropertiesPanelModule, panel.BpmnPropertiesProviderModule, panel.CamundaPlatformPropertiesProviderModule],
      moddleExtensions: { camunda: moddle }
    });
    var response = await fetch(root.dataset.xmlUrl, { credentials: 'same-origin' });
    if (!response.ok) {
      setStatus('无法读取流程定义（HTTP ' + response.status + '）', 'error');
      return;
    }
    var imported = await modeler.importXML(await response.text());
    modeler.get('canvas').zoom('fit-viewport');
    if (imported.warnings && imported.warnings.length) {
      setStatus('已打开，导入时有 ' + imported.warnings.length + ' 条警告', 'error');
    } else {
      setStatus('已打开');
    }
    modeler.on('commandStack.changed', function () { dirty = true; });
    document.getElementById('validate').addEventListener('click', guard(validate));
    document.getElementById('deploy').addEventListener('click', guard(deploy));
    document.getElementById('download').addEventListener('click', download);
    window.addEventListener('beforeunload', function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
    root.setAttribute('data-ready', 'true');
    window.supervisionFlowDesigner = modeler; // for browser tests and the console
  }

  start().catch(function (error) {
    setStatus('设计器无法启动：' + (error && error.message ? error.message : error), 'error');
  });
}());
