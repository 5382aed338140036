// 相似建议: "查找相似建议" asks /Suggestions/Similar for the session's similar suggestions and lists them in place.
// Without script the same button submits the form and the server re-renders it with the list (nothing typed is lost).
(function () {
    'use strict';
    document.querySelectorAll('[data-similar-url]').forEach(function (panel) {
        var button = panel.querySelector('#find-similar');
        var results = panel.querySelector('#similar-results');
        var form = panel.closest('form');
        if (!button || !results || !form) {
            return;
        }
        function field(name) {
            var input = form.elements.namedItem(name);
            return input && 'value' in input ? input.value : '';
        }
        function render(data) {
            results.textContent = '';
            if (!data.items.length) {
                var none = document.createElement('p');
                none.className = 'muted';
                none.textContent = '本次会议中没有发现相似的建议。';
                results.appendChild(none);
                return;
            }
            var list = document.createElement('ol');
            list.className = 'similar-list';
            data.items.forEach(function (item) {
                var li = document.createElement('li');
                li.setAttribute('data-testid', 'similar-item');
                li.appendChild(document.createTextNode(item.number + ' '));
                if (item.id) {
                    var link = document.createElement('a');
                    link.href = '/Suggestions/' + item.id;
                    link.textContent = item.title;
                    li.appendChild(link);
                    var state = document.createElement('span');
                    state.className = 'badge';
                    state.textContent = item.state;
                    li.appendChild(document.createTextNode(' '));
                    li.appendChild(state);
                    var score = document.createElement('span');
                    score.className = 'muted';
                    score.textContent = ' 相似度 ' + item.score;
                    li.appendChild(score);
                } else {
                    var title = document.createElement('span');
                    title.textContent = item.title;
                    li.appendChild(title);
                }
                list.appendChild(li);
            });
            results.appendChild(list);
        }
        button.addEventListener('click', function (event) {
            event.preventDefault();
            var body = new FormData();
            body.append('term', field('Input.Term'));
            body.append('session', field('Input.Session'));
            body.append('title', field('Input.Title'));
            body.append('content', field('Input.Content'));
            body.append('__RequestVerificationToken', field('__RequestVerificationToken'));
            results.textContent = '正在查找……';
            fetch(panel.getAttribute('data-similar-url'), { method: 'POST', body: body, credentials: 'same-origin' })
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error(response.status);
                    }
                    return response.json();
                })
                .then(render)
                .catch(function () {
                    results.textContent = '查找相似建议失败，请稍后重试。';
                });
        });
    });
})();
