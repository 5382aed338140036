// 专会交办: bulk assignment with a progress bar. The page works without this script (one form post assigns the
// whole list chunk by chunk). With it: confirm the selected rows (the server checks every row first and names all
// refused ones at once, with "去掉这些并继续"), then ask for one chunk after another (each one transaction on the
// server) and show the progress the database records. A closed browser or a crash loses nothing: the page shows the
// unfinished list with "继续交办", which resumes at the first line not yet assigned.
(function () {
    'use strict';

    var form = document.getElementById('assign-form');
    if (!form) {
        return;
    }
    var table = document.getElementById('candidates');
    var progress = form.querySelector('.assign-progress');
    var bar = progress.querySelector('progress');
    var progressText = progress.querySelector('[data-progress-text]');
    var errorBox = form.querySelector('[data-assign-error]');
    var countText = form.querySelector('[data-selected-count]');
    var submit = form.querySelector('button[type=submit]');
    var token = form.querySelector('input[name=__RequestVerificationToken]');

    function rows() {
        return Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-suggestion-id]'));
    }

    function field(row, name) {
        return row.querySelector('[data-field=' + name + ']');
    }

    function selectedRows() {
        return rows().filter(function (row) { return field(row, 'Selected').checked; });
    }

    function input(row) {
        return {
            suggestionId: parseInt(row.getAttribute('data-suggestion-id'), 10),
            selected: true,
            leadUnit: field(row, 'LeadUnit').value,
            otherUnits: field(row, 'OtherUnits').value,
            mode: field(row, 'Mode').value,
            isKey: field(row, 'IsKey').checked,
            keyLeaderId: field(row, 'KeyLeaderId').value || null,
            keyCommitteeId: field(row, 'KeyCommitteeId').value || null
        };
    }

    function updateCount() {
        countText.textContent = '已选 ' + selectedRows().length + ' 件';
    }

    function clearErrors() {
        errorBox.hidden = true;
        errorBox.textContent = '';
        rows().forEach(function (row) {
            row.classList.remove('row-error');
            var message = row.querySelector('[data-row-error]');
            message.hidden = true;
            message.textContent = '';
        });
    }

    // Text only (textContent): row labels contain suggestion titles.
    function showErrors(intro, errors) {
        errorBox.hidden = false;
        errorBox.textContent = '';
        var p = document.createElement('p');
        p.textContent = intro;
        errorBox.appendChild(p);
        var list = document.createElement('ul');
        errors.forEach(function (error) {
            var item = document.createElement('li');
            item.textContent = (error.row ? error.row + '：' : '') + error.message;
            list.appendChild(item);
            var row = table.querySelector('tr[data-suggestion-id="' + error.suggestionId + '"]');
            if (row) {
                row.classList.add('row-error');
                var message = row.querySelector('[data-row-error]');
                message.hidden = false;
                message.textContent = error.message;
            }
        });
        errorBox.appendChild(list);
        errorBox.scrollIntoView({ block: 'nearest' });
    }

    function post(url, body) {
        return fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'RequestVerificationToken': token ? token.value : '' },
            body: JSON.stringify(body)
        }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (json) {
                return { status: response.status, body: json };
            });
        });
    }

    function setProgress(done, total) {
        bar.max = total;
        bar.value = done;
        progressText.textContent = '已交办 ' + done + ' / ' + total + ' 件';
    }

    function finish(done) {
        var url = new URL(window.location.href);
        url.searchParams.set('done', String(done));
        window.location.assign(url.toString());
    }

    function fail(message) {
        submit.disabled = false;
        showErrors(message, []);
    }

    // "去掉这些并继续": a button under the refusals that runs the given action.
    function offerDrop(label, action) {
        var p = document.createElement('p');
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'btn';
        button.textContent = label;
        button.addEventListener('click', function () {
            button.disabled = true;
            action();
        });
        p.appendChild(button);
        errorBox.appendChild(p);
    }

    // Asks the server for one chunk after another; the progress is the database's, so a reload or another
    // browser picks up where this one stopped.
    function runChunks() {
        progress.hidden = false;
        return post(form.getAttribute('data-next-url'), {}).then(function (result) {
            if (result.status !== 200) {
                submit.disabled = false;
                var errors = result.body.errors || [{ message: '交办失败（' + result.status + '）' }];
                showErrors('以下建议不能交办，本批未执行（此前各批已交办）：', errors);
                var refused = errors.filter(function (e) { return e.suggestionId; }).map(function (e) { return e.suggestionId; });
                if (refused.length > 0) {
                    offerDrop('去掉这些并继续', function () {
                        clearErrors();
                        post(form.getAttribute('data-drop-url'), refused).then(runChunks);
                    });
                }
                return null;
            }
            setProgress(result.body.done, result.body.total);
            if (result.body.finished) {
                finish(result.body.done);
                return null;
            }
            return runChunks();
        }).catch(function () {
            fail('网络错误，交办暂停；刷新页面后点击“继续交办”即可从中断处继续。');
        });
    }

    function confirmRows(selected) {
        submit.disabled = true;
        progress.hidden = false;
        bar.removeAttribute('value');
        progressText.textContent = '正在检查 ' + selected.length + ' 件建议…';
        post(form.getAttribute('data-confirm-url'), selected).then(function (result) {
            if (result.status !== 200) {
                progress.hidden = true;
                submit.disabled = false;
                var errors = result.body.errors || [{ message: '检查失败（' + result.status + '）' }];
                showErrors('以下 ' + errors.length + ' 件建议不能交办，本次交办未执行：', errors);
                var refused = errors.filter(function (e) { return e.suggestionId; }).map(function (e) { return e.suggestionId; });
                if (refused.length > 0 && refused.length < selected.length) {
                    offerDrop('去掉这些并继续', function () {
                        rows().forEach(function (row) {
                            if (refused.indexOf(parseInt(row.getAttribute('data-suggestion-id'), 10)) >= 0) {
                                field(row, 'Selected').checked = false;
                            }
                        });
                        updateCount();
                        clearErrors();
                        confirmRows(selectedRows().map(input));
                    });
                }
                return null;
            }
            setProgress(result.body.done, result.body.total);
            return runChunks();
        }).catch(function () {
            progress.hidden = true;
            fail('网络错误，交办未完成；刷新页面可查看进度并继续。');
        });
    }

    form.addEventListener('submit', function (event) {
        event.preventDefault();
        clearErrors();
        var selected = selectedRows().map(input);
        if (selected.length === 0) {
            fail('请至少选择一件建议。');
            return;
        }
        confirmRows(selected);
    });

    var resume = document.getElementById('resume-form');
    if (resume) {
        resume.addEventListener('submit', function (event) {
            event.preventDefault();
            resume.querySelector('button').disabled = true;
            submit.disabled = true;
            clearErrors();
            runChunks();
        });
    }

    table.addEventListener('change', function (event) {
        var target = event.target;
        if (target.getAttribute('data-action') === 'select-all') {
            rows().forEach(function (row) { field(row, 'Selected').checked = target.checked; });
        } else if (target.getAttribute('data-field') !== 'Selected' && target.closest('tr[data-suggestion-id]')) {
            // Filling in a row selects it.
            field(target.closest('tr'), 'Selected').checked = true;
        }
        updateCount();
    });

    var fill = form.querySelector('.bulk-fill');
    fill.hidden = false;
    fill.querySelector('[data-action=fill]').addEventListener('click', function () {
        var lead = fill.querySelector('[data-fill=LeadUnit]').value;
        var others = fill.querySelector('[data-fill=OtherUnits]').value;
        selectedRows().forEach(function (row) {
            if (lead) {
                field(row, 'LeadUnit').value = lead;
            }
            if (others) {
                field(row, 'OtherUnits').value = others;
            }
        });
    });

    updateCount();
}());
