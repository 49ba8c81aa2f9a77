/*
 * A stand-in for Microsoft's hosted office.js, served by the browser tests in place of
 * https://appsforoffice.microsoft.com/lib/1/hosted/office.js. It imitates the Outlook read-mode
 * surface the task pane uses, with the names, enum values, call shapes and error behaviour that
 * @types/office-js documents, so a pane that works here uses the API the way Outlook expects.
 *
 * The test prepends `window.__fakeOfficeInit = {...}` to this file when serving it, so the host is
 * configured before any pane script runs. Tests drive and inspect it through `window.__fakeOffice`.
 *
 * Plain ES2017, no modules: it is served as-is to the browser.
 */
(function () {
  'use strict';

  var init = window.__fakeOfficeInit || {};
  // Standalone mode: office.js loaded outside any Office host resolves onReady with nulls and
  // leaves Office.context without a mailbox; the pane must then offer its preview mode.
  var standalone = init.host === null;

  // Mailbox requirement-set versions of the APIs we expose. Outlook leaves a method undefined
  // when its set is not supported, so older clients are imitated by hiding these.
  var API_SET = {
    addHandlerAsync: '1.5',
    displayNewMessageForm: '1.6',
    getAllInternetHeadersAsync: '1.8',
    getAttachmentContentAsync: '1.8',
    displayNewMessageFormAsync: '1.9',
    getSharedPropertiesAsync: '1.8',
    getAsFileAsync: '1.14',
  };
  // Documented limits of NotificationMessages (Mailbox 1.3).
  var MAX_NOTIFICATION_CHARS = 150;
  var MAX_NOTIFICATION_KEY_CHARS = 32;
  var MAX_NOTIFICATIONS_PER_ITEM = 5;

  var state = {
    item: init.item === undefined ? null : init.item,
    fail: Object.assign({}, init.fail || {}),
    mailboxVersion: String(init.mailboxVersion || '1.13'),
    handlers: {},
    itemNotifications: {}, // itemId -> { key -> details }, kept per item as Outlook does
  };

  var log = {
    calls: [], // every API call: { api, itemId, at }
    notifications: [], // { op, key, details, itemId, ok, error }
    newMessageForms: [], // { api, parameters, itemId }
    errors: [], // argument errors Outlook would throw, with the call that caused them
    roaming: {},
  };

  function versionAtLeast(have, want) {
    var a = String(have).split('.').map(Number);
    var b = String(want).split('.').map(Number);
    for (var i = 0; i < Math.max(a.length, b.length); i++) {
      var x = a[i] || 0;
      var y = b[i] || 0;
      if (x !== y) return x > y;
    }
    return true;
  }

  function supports(api) {
    return versionAtLeast(state.mailboxVersion, API_SET[api]);
  }

  function now() {
    return performance.now();
  }

  function record(api) {
    log.calls.push({ api: api, itemId: state.item ? state.item.itemId : null, at: now() });
  }

  // Office.js argument handling: (…, options?, callback?) where options is an object literal.
  function splitArgs(args) {
    var options = {};
    var callback;
    for (var i = 0; i < args.length; i++) {
      if (typeof args[i] === 'function') callback = args[i];
      else if (args[i] && typeof args[i] === 'object') options = args[i];
    }
    return { options: options, callback: callback };
  }

  function succeeded(value, options) {
    return { status: 'succeeded', value: value, error: undefined, asyncContext: options.asyncContext, diagnostics: undefined };
  }

  function failed(code, name, message, options) {
    var error = { code: code, name: name, message: message };
    return { status: 'failed', value: undefined, error: error, asyncContext: options.asyncContext, diagnostics: undefined };
  }

  // Outlook answers callbacks asynchronously, never inside the call.
  function later(callback, result, delayMs) {
    if (!callback) return;
    setTimeout(function () {
      callback(result);
    }, delayMs || 0);
  }

  function argumentError(api, message) {
    var err = new Error(message);
    err.name = 'Sys.ArgumentException';
    log.errors.push({ api: api, message: message });
    return err;
  }

  function failMode(what) {
    var f = state.fail[what];
    return f === true ? 'failed' : f || null;
  }

  function delayOf(spec, what) {
    return (spec && spec.delays && spec.delays[what]) || 0;
  }

  function bodyText(spec) {
    if (spec.bodyText) return spec.bodyText;
    var div = document.createElement('div');
    // DOMParser documents are inert: no script runs and no resource loads.
    var doc = new DOMParser().parseFromString(spec.bodyHtml || '', 'text/html');
    div.textContent = doc.body ? doc.body.textContent : '';
    return div.textContent || '';
  }

  function bodyHtml(spec) {
    if (spec.bodyHtml) return spec.bodyHtml;
    var escaped = (spec.bodyText || '').replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
    return '<html><body><div>' + escaped.replace(/\n/g, '<br>') + '</div></body></html>';
  }

  function notificationStore(spec) {
    var id = spec.itemId;
    if (!state.itemNotifications[id]) state.itemNotifications[id] = {};
    return state.itemNotifications[id];
  }

  function checkNotification(api, key, details) {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_NOTIFICATION_KEY_CHARS) {
      throw argumentError(api, 'key must be 1..' + MAX_NOTIFICATION_KEY_CHARS + ' characters');
    }
    if (!details || typeof details.message !== 'string' || typeof details.type !== 'string') {
      throw argumentError(api, 'JSONmessage needs type and message');
    }
    if (details.message.length > MAX_NOTIFICATION_CHARS) {
      var e = argumentError(api, 'ArgumentOutOfRange: message longer than ' + MAX_NOTIFICATION_CHARS + ' characters');
      e.name = 'Sys.ArgumentOutOfRangeException';
      throw e;
    }
    var informational = details.type === 'informationalMessage' || details.type === 'insightMessage';
    if (informational && typeof details.icon !== 'string') {
      throw argumentError(api, 'icon is required for ' + details.type);
    }
    if (!informational && details.icon !== undefined) {
      throw argumentError(api, 'icon is not allowed for ' + details.type);
    }
    if (details.type !== 'informationalMessage' && details.persistent !== undefined) {
      throw argumentError(api, 'persistent is only allowed for informationalMessage');
    }
  }

  function makeNotificationMessages(spec) {
    function logOp(op, key, details, ok, error) {
      log.notifications.push({ op: op, key: key, details: details ? Object.assign({}, details) : undefined, itemId: spec.itemId, ok: ok, error: error });
    }
    return {
      addAsync: function (key, details) {
        record('notificationMessages.addAsync');
        var a = splitArgs([].slice.call(arguments, 2));
        checkNotification('notificationMessages.addAsync', key, details);
        var store = notificationStore(spec);
        if (failMode('notifications')) {
          logOp('add', key, details, false, 'failed');
          return later(a.callback, failed(9041, 'GenericResponseError', 'The notification could not be added.', a.options));
        }
        if (Object.prototype.hasOwnProperty.call(store, key)) {
          logOp('add', key, details, false, 'DuplicateKey');
          return later(a.callback, failed(9041, 'DuplicateKey', 'A notification with this key already exists.', a.options));
        }
        if (Object.keys(store).length >= MAX_NOTIFICATIONS_PER_ITEM) {
          logOp('add', key, details, false, 'NumberOfNotificationMessagesExceeded');
          return later(a.callback, failed(3, 'NumberOfNotificationMessagesExceeded', 'Too many notifications.', a.options));
        }
        store[key] = Object.assign({ key: key }, details);
        logOp('add', key, details, true);
        later(a.callback, succeeded(undefined, a.options));
      },
      replaceAsync: function (key, details) {
        record('notificationMessages.replaceAsync');
        var a = splitArgs([].slice.call(arguments, 2));
        checkNotification('notificationMessages.replaceAsync', key, details);
        var store = notificationStore(spec);
        if (failMode('notifications')) {
          logOp('replace', key, details, false, 'failed');
          return later(a.callback, failed(9041, 'GenericResponseError', 'The notification could not be replaced.', a.options));
        }
        // replaceAsync adds when the key is absent, so it can also hit the per-item cap.
        if (!Object.prototype.hasOwnProperty.call(store, key) && Object.keys(store).length >= MAX_NOTIFICATIONS_PER_ITEM) {
          logOp('replace', key, details, false, 'NumberOfNotificationMessagesExceeded');
          return later(a.callback, failed(3, 'NumberOfNotificationMessagesExceeded', 'Too many notifications.', a.options));
        }
        store[key] = Object.assign({ key: key }, details);
        logOp('replace', key, details, true);
        later(a.callback, succeeded(undefined, a.options));
      },
      removeAsync: function (key) {
        record('notificationMessages.removeAsync');
        var a = splitArgs([].slice.call(arguments, 1));
        var store = notificationStore(spec);
        if (!Object.prototype.hasOwnProperty.call(store, key)) {
          logOp('remove', key, undefined, false, 'KeyNotFound');
          return later(a.callback, failed(9040, 'KeyNotFound', 'No notification with this key.', a.options));
        }
        delete store[key];
        logOp('remove', key, undefined, true);
        later(a.callback, succeeded(undefined, a.options));
      },
      getAllAsync: function () {
        record('notificationMessages.getAllAsync');
        var a = splitArgs([].slice.call(arguments, 0));
        var store = notificationStore(spec);
        var all = Object.keys(store).map(function (k) {
          return Object.assign({}, store[k]);
        });
        later(a.callback, succeeded(all, a.options));
      },
    };
  }

  function makeItem(spec) {
    var attachments = (spec.attachments || []).map(function (att) {
      return {
        id: att.id,
        name: att.name,
        contentType: att.contentType,
        size: att.size,
        isInline: !!att.isInline,
        attachmentType: att.attachmentType || 'file',
      };
    });
    var item = {
      itemType: spec.itemType || 'message',
      itemClass: spec.itemType === 'appointment' ? 'IPM.Appointment' : 'IPM.Note',
      itemId: spec.itemId,
      conversationId: spec.conversationId || 'conv-' + spec.itemId,
      internetMessageId: spec.internetMessageId || '',
      subject: spec.subject || '',
      normalizedSubject: (spec.subject || '').replace(/^(?:(?:re|fw|fwd)\s*:\s*)+/i, ''),
      dateTimeCreated: new Date(spec.date || 0),
      dateTimeModified: new Date(spec.date || 0),
      from: spec.from || null,
      sender: spec.sender || spec.from || null,
      to: (spec.to || []).slice(),
      cc: (spec.cc || []).slice(),
      attachments: failMode('attachments') ? undefined : attachments,
      body: {
        getAsync: function (coercionType) {
          record('body.getAsync');
          var a = splitArgs([].slice.call(arguments, 1));
          if (coercionType !== 'text' && coercionType !== 'html') {
            throw argumentError('body.getAsync', 'coercionType must be text or html');
          }
          var mode = failMode('body');
          if (mode === 'failed') return later(a.callback, failed(9020, 'GenericResponseError', 'The body could not be retrieved.', a.options), delayOf(spec, 'body'));
          if (mode === 'hang') return;
          var value = coercionType === 'html' ? bodyHtml(spec) : bodyText(spec);
          later(a.callback, succeeded(value, a.options), delayOf(spec, 'body'));
        },
      },
      notificationMessages: makeNotificationMessages(spec),
    };

    if (supports('getAllInternetHeadersAsync')) {
      item.getAllInternetHeadersAsync = function () {
        record('getAllInternetHeadersAsync');
        var a = splitArgs([].slice.call(arguments, 0));
        var mode = failMode('headers');
        if (mode === 'failed') return later(a.callback, failed(9020, 'GenericResponseError', 'Internet headers could not be retrieved.', a.options), delayOf(spec, 'headers'));
        if (mode === 'hang') return;
        later(a.callback, succeeded(spec.headers || '', a.options), delayOf(spec, 'headers'));
      };
    }

    // Mailbox 1.14: the whole message as base64 EML (MessageRead.getAsFileAsync).
    if (supports('getAsFileAsync')) {
      item.getAsFileAsync = function () {
        record('getAsFileAsync');
        var a = splitArgs([].slice.call(arguments, 0));
        var mode = failMode('file');
        var wait = delayOf(spec, 'file');
        if (mode === 'failed') return later(a.callback, failed(9020, 'GenericResponseError', 'The item could not be retrieved.', a.options), wait);
        if (mode === 'hang') return;
        if (!spec.emlBase64) return later(a.callback, failed(9020, 'GenericResponseError', 'The item could not be retrieved.', a.options), wait);
        later(a.callback, succeeded(spec.emlBase64, a.options), wait);
      };
    }

    // Shared and delegate folders (Mailbox 1.8): only items in such folders have shared properties.
    if (spec.shared && supports('getSharedPropertiesAsync')) {
      item.getSharedPropertiesAsync = function () {
        record('getSharedPropertiesAsync');
        var a = splitArgs([].slice.call(arguments, 0));
        later(a.callback, succeeded(copy(spec.shared), a.options), 0);
      };
    }

    if (supports('getAttachmentContentAsync')) {
      item.getAttachmentContentAsync = function (attachmentId) {
        record('getAttachmentContentAsync');
        var a = splitArgs([].slice.call(arguments, 1));
        var att = (spec.attachments || []).filter(function (x) {
          return x.id === attachmentId;
        })[0];
        var wait = delayOf(spec, 'attachmentContent');
        if (!att) return later(a.callback, failed(9030, 'InvalidAttachmentId', 'The attachment id is not valid.', a.options), wait);
        var mode = failMode('attachmentContent');
        if (mode === 'failed') return later(a.callback, failed(9020, 'GenericResponseError', 'Attachment content could not be retrieved.', a.options), wait);
        if (mode === 'hang') return;
        var type = att.attachmentType || 'file';
        var value =
          type === 'cloud'
            ? { format: 'url', content: att.url || '' }
            : type === 'item'
              ? { format: 'eml', content: att.eml || '' }
              : { format: 'base64', content: att.contentBase64 || '' };
        later(a.callback, succeeded(value, a.options), wait);
      };
    }

    return item;
  }

  function checkNewMessageForm(api, parameters) {
    if (!parameters || typeof parameters !== 'object') throw argumentError(api, 'parameters must be an object');
    ['toRecipients', 'ccRecipients', 'bccRecipients'].forEach(function (f) {
      var list = parameters[f];
      if (list === undefined) return;
      if (!Array.isArray(list)) throw argumentError(api, f + ' must be an array');
      list.forEach(function (r) {
        var address = typeof r === 'string' ? r : r && r.emailAddress;
        if (typeof address !== 'string' || address.indexOf('@') < 1) throw argumentError(api, f + ' holds an invalid recipient');
      });
    });
    if (parameters.subject !== undefined && (typeof parameters.subject !== 'string' || parameters.subject.length > 255)) {
      throw argumentError(api, 'subject must be a string of at most 255 characters');
    }
    if (parameters.htmlBody !== undefined && (typeof parameters.htmlBody !== 'string' || parameters.htmlBody.length > 32 * 1024)) {
      throw argumentError(api, 'htmlBody must be a string under 32 KB');
    }
    (parameters.attachments || []).forEach(function (att) {
      if (!att || typeof att.name !== 'string') throw argumentError(api, 'attachment needs a name');
      if (att.type === 'item' && typeof att.itemId !== 'string') throw argumentError(api, 'item attachment needs itemId');
      if (att.type === 'file' && typeof att.url !== 'string' && typeof att.base64 !== 'string') throw argumentError(api, 'file attachment needs url or base64');
      if (att.type !== 'item' && att.type !== 'file') throw argumentError(api, 'attachment type must be item or file');
    });
  }

  function copy(v) {
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  }

  var mailbox = {
    item: null,
    diagnostics: { hostName: 'OutlookWebApp', hostVersion: '16.0.0.0', OWAView: 'ThreeColumns' },
    userProfile: { displayName: 'Test Reader', emailAddress: 'reader@example.go.jp', timeZone: 'Tokyo Standard Time', accountType: 'enterprise' },
    addHandlerAsync: function (eventType, handler) {
      record('mailbox.addHandlerAsync');
      var a = splitArgs([].slice.call(arguments, 2));
      if (typeof handler !== 'function') throw argumentError('mailbox.addHandlerAsync', 'handler must be a function');
      if (eventType !== 'olkItemSelectedChanged' && eventType !== 'officeThemeChanged') {
        return later(a.callback, failed(5000, 'InvalidEventType', 'Unsupported event type.', a.options));
      }
      (state.handlers[eventType] = state.handlers[eventType] || []).push(handler);
      later(a.callback, succeeded(undefined, a.options));
    },
    removeHandlerAsync: function (eventType) {
      record('mailbox.removeHandlerAsync');
      var a = splitArgs([].slice.call(arguments, 1));
      state.handlers[eventType] = [];
      later(a.callback, succeeded(undefined, a.options));
    },
  };
  if (supports('displayNewMessageForm')) {
    mailbox.displayNewMessageForm = function (parameters) {
      record('mailbox.displayNewMessageForm');
      checkNewMessageForm('mailbox.displayNewMessageForm', parameters);
      log.newMessageForms.push({ api: 'displayNewMessageForm', parameters: copy(parameters), itemId: state.item ? state.item.itemId : null });
    };
  }
  if (supports('displayNewMessageFormAsync')) {
    mailbox.displayNewMessageFormAsync = function (parameters) {
      record('mailbox.displayNewMessageFormAsync');
      var a = splitArgs([].slice.call(arguments, 1));
      checkNewMessageForm('mailbox.displayNewMessageFormAsync', parameters);
      log.newMessageForms.push({ api: 'displayNewMessageFormAsync', parameters: copy(parameters), itemId: state.item ? state.item.itemId : null });
      // The form opens for the user to review; nothing is sent by this call.
      later(a.callback, succeeded(undefined, a.options));
    };
  }

  var dark = init.theme === 'dark';
  var officeTheme = dark
    ? { bodyBackgroundColor: '#1f1f1f', bodyForegroundColor: '#ffffff', controlBackgroundColor: '#2b2b2b', controlForegroundColor: '#ffffff', isDarkTheme: true, themeId: 'Black' }
    : { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#000000', controlBackgroundColor: '#ffffff', controlForegroundColor: '#242424', isDarkTheme: false, themeId: 'Colorful' };

  var roamingSettings = {
    get: function (name) {
      return log.roaming[name];
    },
    set: function (name, value) {
      log.roaming[name] = value;
    },
    remove: function (name) {
      delete log.roaming[name];
    },
    saveAsync: function () {
      var a = splitArgs([].slice.call(arguments, 0));
      later(a.callback, succeeded(undefined, a.options));
    },
  };

  var platform = init.platform || 'OfficeOnline';
  var context = standalone
    ? { displayLanguage: init.displayLanguage || 'en-US', contentLanguage: init.displayLanguage || 'en-US', requirements: { isSetSupported: function () { return false; } } }
    : {
        host: 'Outlook',
        platform: platform,
        displayLanguage: init.displayLanguage || 'en-US',
        contentLanguage: init.displayLanguage || 'en-US',
        officeTheme: officeTheme,
        diagnostics: { host: 'Outlook', platform: platform, version: '16.0.0.0' },
        requirements: {
          isSetSupported: function (name, minVersion) {
            if (String(name).toLowerCase() !== 'mailbox') return false;
            return versionAtLeast(state.mailboxVersion, minVersion === undefined ? '1.0' : minVersion);
          },
        },
        roamingSettings: roamingSettings,
        mailbox: mailbox,
      };

  var readyInfo = standalone ? { host: null, platform: null } : { host: 'Outlook', platform: platform };
  var ready = false;
  var readyWaiters = [];

  var Office = {
    HostType: { Word: 'Word', Excel: 'Excel', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' },
    PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Text: 'text', Html: 'html', Matrix: 'matrix', Table: 'table', Ooxml: 'ooxml', SlideRange: 'slideRange', Image: 'image', XmlSvg: 'xmlSvg' },
    EventType: { ItemChanged: 'olkItemSelectedChanged', OfficeThemeChanged: 'officeThemeChanged', RecipientsChanged: 'olkRecipientsChanged', AttachmentsChanged: 'olkAttachmentsChanged' },
    MailboxEnums: {
      ItemType: { Message: 'message', Appointment: 'appointment' },
      AttachmentType: { File: 'file', Item: 'item', Cloud: 'cloud' },
      AttachmentContentFormat: { Base64: 'base64', Url: 'url', Eml: 'eml', ICalendar: 'iCalendar' },
      ItemNotificationMessageType: {
        ProgressIndicator: 'progressIndicator',
        InformationalMessage: 'informationalMessage',
        ErrorMessage: 'errorMessage',
        InsightMessage: 'insightMessage',
      },
      RecipientType: { DistributionList: 'distributionList', User: 'user', ExternalUser: 'externalUser', Other: 'other' },
    },
    context: context,
    initialize: undefined,
    onReady: function (callback) {
      record('Office.onReady');
      return new Promise(function (resolve) {
        function done() {
          if (typeof callback === 'function') callback(readyInfo);
          resolve(readyInfo);
        }
        if (ready) setTimeout(done, 0);
        else readyWaiters.push(done);
      });
    },
  };

  function fire(eventType, args) {
    (state.handlers[eventType] || []).slice().forEach(function (h) {
      setTimeout(function () {
        h(args);
      }, 0);
    });
  }

  function installItem(spec) {
    state.item = spec;
    if (!standalone) mailbox.item = spec ? makeItem(spec) : null;
  }

  installItem(state.item);

  window.Office = Office;
  window.__fakeOffice = {
    calls: log.calls,
    notifications: log.notifications,
    newMessageForms: log.newMessageForms,
    errors: log.errors,
    roaming: log.roaming,
    readyAt: null,
    /** Swaps the selected item (a spec or null) and fires ItemChanged, as a pinned pane sees. */
    setItem: function (spec) {
      installItem(spec);
      fire('olkItemSelectedChanged', { type: 'olkItemSelectedChanged' });
    },
    /** Merges failure switches: { headers, body, attachments, attachmentContent, notifications } = true | 'hang'. */
    setFail: function (fail) {
      Object.assign(state.fail, fail || {});
      if (state.item && !standalone) mailbox.item = makeItem(state.item);
    },
    /** The notifications currently shown on an item (default: the selected one). */
    activeNotifications: function (itemId) {
      var id = itemId === undefined ? (state.item && state.item.itemId) : itemId;
      var store = state.itemNotifications[id] || {};
      return Object.keys(store).map(function (k) {
        return Object.assign({}, store[k]);
      });
    },
    currentItemId: function () {
      return state.item ? state.item.itemId : null;
    },
  };

  // office.js initialises after its own script has loaded, then calls Office.initialize and the
  // onReady callbacks; imitate that ordering so a pane that registers late still gets called.
  setTimeout(function () {
    ready = true;
    window.__fakeOffice.readyAt = now();
    if (typeof Office.initialize === 'function') Office.initialize(standalone ? undefined : 'documentOpened');
    readyWaiters.splice(0).forEach(function (w) {
      w();
    });
  }, init.readyDelayMs || 0);
})();
