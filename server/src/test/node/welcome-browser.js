#!/usr/bin/env node
// Drives the welcome page (GET /) in headless Chromium through playwright-core; started by WelcomePageBrowserTest.
//
//   node welcome-browser.js '<options json>'
//
// Options:
//   url          the page, e.g. http://127.0.0.1:PORT/
//   chromium     the Chromium executable (Debian's /usr/bin/chromium)
//   file         the file to upload through the page's file input
//   screenshot   where to write a PNG of the page once the upload is done (optional)
//   pausedScreenshot  where to write a PNG of the page while the upload is paused (optional)
//   pauseAt      pause the upload from the page once it shows this percentage, report "paused", then wait for a
//                line "resume" on stdin and resume it from the page (optional: without it the upload just runs)
//   reportAt     report "reached" once the page shows this percentage and let the upload run on (optional; the test
//                kills and restarts the server then, and the page must retry on its own)
//   uploadBytesPerSecond  throttle Chromium's upload bandwidth (DevTools network emulation) so a pause lands
//                mid-upload on loopback (optional)
//   expectPreview  the file is an image: wait until the Dashboard shows its thumbnail and report its size
//   timeoutMs    how long the upload may take (default 120000)
//
// Prints one JSON object per line on stdout:
//   {"event":"loaded","status":...,"headers":{...}}                 the page's own response
//   {"event":"paused","progress":N,"uploadUrl":...}                 only with pauseAt
//   {"event":"reached","progress":N,"uploadUrl":...}                only with reportAt
//   {"event":"complete","url":...,"progress":...,"preview":{"src":<scheme>,"width":N}|null}
//   {"event":"report","requests":[...],"failed":[...],"console":[...],"violations":[...]}   always last
// Every request the page made is in "requests" ({method, url, resourceType, uploadOffset, status, location}).
// Exits 0 when the upload completed, 1 otherwise (message on stderr).
'use strict';

const readline = require('readline');
const { chromium } = require('playwright-core');

function emit(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

const options = JSON.parse(process.argv[2] || '{}');
const timeout = options.timeoutMs || 120000;
const stdinLines = readline.createInterface({ input: process.stdin });
const waiting = [];
const buffered = [];
stdinLines.on('line', (line) => (waiting.length ? waiting.shift()(line.trim()) : buffered.push(line.trim())));
function nextCommand() {
  return buffered.length ? Promise.resolve(buffered.shift()) : new Promise((resolve) => waiting.push(resolve));
}

async function progressOf(page) {
  const value = await page.locator('#uploads li').first().getAttribute('data-progress');
  return value === null ? 0 : Number(value);
}

async function main() {
  const requests = [];
  const failed = [];
  const consoleMessages = [];
  const browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  let report = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    // CSP violations are reported to the page as events; collect them (init scripts are not subject to the CSP)
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
        { directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber }));
    });
    const entries = new Map();
    page.on('request', (request) => {
      const headers = request.headers();
      const entry = { method: request.method(), url: request.url(), resourceType: request.resourceType(),
        uploadOffset: headers['upload-offset'] ?? null, status: null, location: null };
      entries.set(request, entry);
      requests.push(entry);
    });
    page.on('response', (response) => {
      const entry = entries.get(response.request());
      if (entry) {
        entry.status = response.status();
        entry.location = response.headers().location ?? null;
      }
    });
    page.on('requestfailed', (request) => failed.push({ method: request.method(), url: request.url(),
      error: request.failure() && request.failure().errorText }));
    page.on('console', (message) => consoleMessages.push({ type: message.type(), text: message.text() }));
    page.on('pageerror', (error) => consoleMessages.push({ type: 'pageerror', text: String(error) }));

    if (options.uploadBytesPerSecond) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
        uploadThroughput: options.uploadBytesPerSecond });
    }

    const response = await page.goto(options.url, { waitUntil: 'load' });
    emit({ event: 'loaded', status: response.status(), headers: response.headers() });
    await page.locator('.uppy-Dashboard-inner').waitFor({ state: 'visible' });
    await page.locator('input.uppy-Dashboard-input').first().setInputFiles(options.file);

    const item = page.locator('#uploads li').first();
    if (options.pauseAt !== undefined) {
      const deadline = Date.now() + timeout;
      while ((await progressOf(page)) < options.pauseAt) {
        if (Date.now() > deadline) throw new Error('the upload never reached ' + options.pauseAt + '%');
        if ((await item.getAttribute('data-state')) === 'complete') {
          throw new Error('the upload completed before it could be paused; throttle it more');
        }
        await page.waitForTimeout(20);
      }
      await page.getByRole('button', { name: 'Pause upload' }).click();
      await page.locator('#uploads li[data-state="paused"]').waitFor();
      if (options.pausedScreenshot) {
        await page.screenshot({ path: options.pausedScreenshot, fullPage: true });
      }
      const post = requests.find((r) => r.method === 'POST' && r.location);
      emit({ event: 'paused', progress: await progressOf(page), uploadUrl: post ? post.location : null });
      const command = await nextCommand();
      if (command !== 'resume') throw new Error('expected "resume" on stdin, got ' + JSON.stringify(command));
      await page.getByRole('button', { name: 'Resume upload' }).click();
    }
    if (options.reportAt !== undefined) {
      const deadline = Date.now() + timeout;
      while ((await progressOf(page)) < options.reportAt) {
        if (Date.now() > deadline) throw new Error('the upload never reached ' + options.reportAt + '%');
        await page.waitForTimeout(20);
      }
      const post = requests.find((r) => r.method === 'POST' && r.location);
      emit({ event: 'reached', progress: await progressOf(page), uploadUrl: post ? post.location : null });
    }
    await page.locator('#uploads li[data-state="complete"]').waitFor({ timeout });
    // let the Dashboard settle on its "complete" view before the picture
    await page.locator('.uppy-StatusBar.is-complete').waitFor({ timeout: 10000 }).catch(() => {});
    let preview = null;
    if (options.expectPreview) {
      const img = page.locator('img.uppy-Dashboard-Item-previewImg').first();
      await img.waitFor({ state: 'visible' });
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
      preview = await img.evaluate((el) => ({ src: el.src.split(':')[0], width: el.naturalWidth }));
    }
    emit({ event: 'complete', url: await item.getAttribute('data-url'), progress: await progressOf(page), preview });
    if (options.screenshot) {
      await page.screenshot({ path: options.screenshot, fullPage: true });
    }
    report.violations = await page.evaluate(() => window.__violations);
  } finally {
    emit({ event: 'report', requests, failed, console: consoleMessages, violations: report.violations ?? [] });
    await browser.close();
    stdinLines.close();
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write((error && error.stack) || String(error));
  process.stderr.write('\n');
  process.exit(1);
});
