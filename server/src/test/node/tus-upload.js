#!/usr/bin/env node
// Drives the real tus-js-client (npm tus-js-client@4.3.1) against a tus server; started by TusJsClientInteropTest.
//
//   node tus-upload.js <endpoint> <file> '<options json>'
//
// Options (all optional):
//   chunkSize                 bytes per PATCH (default 1 MiB)
//   metadata                  object of upload metadata
//   uploadDataDuringCreation  creation-with-upload: the first chunk goes in the POST
//   parallelUploads           number of partial uploads joined with concatenation
//   abortAfter                abort (without terminating) once this many bytes were sent, mid-request
//   uploadUrl                 resume this upload URL (HEAD, then PATCH from the server's offset)
//   urlStorage                path of a FileUrlStorage file: enables fingerprints, source read from the file path
//   resumePrevious            look up the previous upload of this file in urlStorage and resume it (must exist)
//   retryDelays               tus-js-client's retry delays in ms (default [0, 200, 1000])
//
// Prints one JSON object per line on stdout:
//   {"event":"request","method":...,"url":...,"uploadOffset":...,"uploadConcat":...,"contentType":...}
//   {"event":"response","method":...,"status":...,"uploadOffset":...}
//   {"event":"success","url":...}  or  {"event":"aborted","url":...,"bytesSent":...}
// Exits 0 on success or a deliberate abort, 1 on an error (message on stderr).
'use strict';

const fs = require('fs');
const tus = require('tus-js-client');

function emit(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

function fail(message) {
  process.stderr.write('tus-upload.js: ' + message + '\n');
  process.exit(1);
}

async function main() {
  const [endpoint, file, optionsJson] = process.argv.slice(2);
  if (!endpoint || !file) {
    fail('usage: tus-upload.js <endpoint> <file> [options json]');
  }
  const opts = optionsJson ? JSON.parse(optionsJson) : {};
  const source = opts.urlStorage ? fs.createReadStream(file) : fs.readFileSync(file);

  let upload;
  let aborted = false;
  const options = {
    endpoint,
    chunkSize: opts.chunkSize || 1024 * 1024,
    metadata: opts.metadata || {},
    retryDelays: opts.retryDelays || [0, 200, 1000],
    uploadDataDuringCreation: Boolean(opts.uploadDataDuringCreation),
    parallelUploads: opts.parallelUploads || 1,
    onBeforeRequest(req) {
      emit({
        event: 'request',
        method: req.getMethod(),
        url: req.getURL(),
        uploadOffset: req.getHeader('Upload-Offset') || null,
        uploadConcat: req.getHeader('Upload-Concat') || null,
        contentType: req.getHeader('Content-Type') || null,
      });
    },
    onAfterResponse(req, res) {
      emit({
        event: 'response',
        method: req.getMethod(),
        url: req.getURL(),
        status: res.getStatus(),
        uploadOffset: res.getHeader('Upload-Offset') || null,
      });
    },
    onProgress(bytesSent) {
      if (opts.abortAfter && !aborted && bytesSent >= opts.abortAfter) {
        aborted = true;
        upload.abort(false).then(() => {
          emit({ event: 'aborted', url: upload.url, bytesSent });
          // give the aborted socket a moment to close before the process goes
          setTimeout(() => process.exit(0), 100);
        });
      }
    },
    onSuccess() {
      emit({ event: 'success', url: upload.url });
      process.exit(0);
    },
    onError(error) {
      fail(String(error && error.stack ? error.stack : error));
    },
  };
  if (opts.uploadUrl) {
    options.uploadUrl = opts.uploadUrl;
  }
  if (opts.urlStorage) {
    options.urlStorage = new tus.FileUrlStorage(opts.urlStorage);
    options.storeFingerprintForResuming = true;
  }
  upload = new tus.Upload(source, options);
  if (opts.resumePrevious) {
    const previous = await upload.findPreviousUploads();
    if (previous.length !== 1) {
      fail('expected one previous upload in ' + opts.urlStorage + ', found ' + previous.length);
    }
    emit({ event: 'previous', url: previous[0].uploadUrl });
    upload.resumeFromPreviousUpload(previous[0]);
  }
  upload.start();
}

main().catch((error) => fail(String(error && error.stack ? error.stack : error)));
