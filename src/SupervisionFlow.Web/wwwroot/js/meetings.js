// 专会交办: bulk assignment with a progress bar. The page works without this script (one form post, one
// all-or-nothing call). With it: check every selected row first (nothing is written; every bad row is marked),
// then send the rows in chunks (data-chunk-size, 50), each chunk one all-or-nothing AssignAsync on the server,
// and show the progress. If a chunk fails (e.g. someone assigned one of its suggestions meanwhile), the chunks
// before it stay assigned, nothing of the failed chunk is, and the page says which row failed.
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
    var chunkSize = parseInt(form.getAttribute('data-chunk-size'), 10) || 50;
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

    form.addEventListener('submit', function (event) {
        event.preventDefault();
        clearErrors();
        var selected = selectedRows().map(input);
        if (selected.length === 0) {
            fail('请至少选择一件建议。');
            return;
        }
        submit.disabled = true;
        progress.hidden = false;
        bar.removeAttribute('value');
        progressText.textContent = '正在检查 ' + selected.length + ' 件建议…';
        post(form.getAttribute('data-check-url'), selected).then(function (check) {
            if (check.status !== 200 || !check.body.ok) {
                progress.hidden = true;
                submit.disabled = false;
                showErrors('本次交办未执行，请修改以下各行后重新确认：', check.body.errors || [{ message: '检查失败（' + check.status + '）' }]);
                return null;
            }
            var chunks = [];
            for (var i = 0; i < selected.length; i += chunkSize) {
                chunks.push(selected.slice(i, i + chunkSize));
            }
            var done = 0;
            setProgress(0, selected.length);
            return chunks.reduce(function (previous, chunk) {
                return previous.then(function (ok) {
                    if (!ok) {
                        return false;
                    }
                    return post(form.getAttribute('data-chunk-url'), chunk).then(function (result) {
                        if (result.status !== 200) {
                            showErrors('已交办 ' + done + ' 件；以下一批（' + chunk.length + ' 件）未交办：',
                                result.body.errors || [{ message: result.body.message || ('交办失败（' + result.status + '）') }]);
                            return false;
                        }
                        done += result.body.assigned;
                        setProgress(done, selected.length);
                        return true;
                    });
                });
            }, Promise.resolve(true)).then(function (ok) {
                if (ok) {
                    finish(done);
                } else {
                    submit.disabled = false;
                    if (done > 0) {
                        progressText.textContent = '已交办 ' + done + ' 件，刷新页面可查看；其余请修改后重新确认。';
                    }
                }
                return null;
            });
        }).catch(function () {
            progress.hidden = true;
            fail('网络错误，交办未完成，请刷新页面查看已交办的建议。');
        });
    });

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
