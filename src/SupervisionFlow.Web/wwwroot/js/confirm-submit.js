// Small form behaviours without inline handlers, which the Content-Security-Policy (script-src 'self') blocks:
// a submit button with data-confirm asks first; a select with data-submit-on-change submits its form when changed.
(function () {
    'use strict';
    document.addEventListener('click', function (event) {
        var button = event.target.closest('button[data-confirm]');
        if (button && !window.confirm(button.getAttribute('data-confirm'))) {
            event.preventDefault();
        }
    });
    document.addEventListener('change', function (event) {
        var select = event.target.closest('select[data-submit-on-change]');
        if (select && select.form) {
            select.form.submit();
        }
    });
}());
