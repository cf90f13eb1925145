// Latchkey's only script: copy buttons and confirmation dialogs. Every page works without it.
'use strict';

(function () {
  function copyText(button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) return;
    var text = 'value' in target ? target.value : target.textContent;
    var field = button.closest('.copy-field');
    var status = field ? field.querySelector('.copy-status') : null;
    var done = function (ok) {
      if (status) status.textContent = ok ? 'Copied to clipboard.' : 'Select the text and press Ctrl+C to copy it.';
      button.textContent = ok ? 'Copied' : 'Copy';
      window.setTimeout(function () {
        button.textContent = 'Copy';
      }, 2000);
    };
    var fallback = function () {
      var ok = false;
      if (typeof target.select === 'function') {
        target.select();
        try {
          ok = document.execCommand('copy');
        } catch (e) {
          ok = false;
        }
      }
      done(ok);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        done(true);
      }, fallback);
    } else {
      fallback();
    }
  }

  function init() {
    var buttons = document.querySelectorAll('button[data-copy-target]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function (event) {
        copyText(event.currentTarget);
      });
    }
  }

  // A form with data-confirm asks first; without this script it simply submits.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form && form.getAttribute ? form.getAttribute('data-confirm') : null;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
