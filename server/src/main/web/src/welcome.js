// The welcome page: Uppy's Dashboard uploading with @uppy/tus to this server's tus endpoint, plus a plain list of
// uploads with their progress, state and final URL. Server settings come from data attributes the server rendered.
import Uppy from '@uppy/core'
import Dashboard from '@uppy/dashboard'
import Tus from '@uppy/tus'
import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import './welcome.css'

const root = document.getElementById('welcome')
const endpoint = new URL(root.dataset.endpoint, window.location.href).href
const maxSize = Number(root.dataset.maxSize) > 0 ? Number(root.dataset.maxSize) : null
document.getElementById('endpoint').textContent = endpoint

const uppy = new Uppy({
  autoProceed: true,
  restrictions: { maxFileSize: maxSize },
})
  .use(Dashboard, {
    target: '#dashboard',
    inline: true,
    width: '100%',
    height: 380,
    showLinkToFileUploadResult: true,
    showRemoveButtonAfterComplete: true,
    proudlyDisplayPoweredByUppy: false,
    note: maxSize ? `Up to ${root.querySelector('#max-size').textContent} per file` : null,
  })
  .use(Tus, {
    endpoint,
    // survive a server restart mid-upload: keep retrying for about half a minute
    retryDelays: [0, 1000, 2000, 3000, 5000, 5000, 5000, 10000],
    removeFingerprintOnSuccess: true,
  })

const list = document.getElementById('uploads')
const none = document.getElementById('no-uploads')
const rows = new Map()

function row (file) {
  let item = rows.get(file.id)
  if (!item) {
    item = document.createElement('li')
    item.dataset.fileId = file.id
    const name = document.createElement('span')
    name.className = 'name'
    name.textContent = file.name
    const state = document.createElement('span')
    state.className = 'state'
    const bar = document.createElement('progress')
    bar.max = 100
    bar.value = 0
    const url = document.createElement('span')
    url.className = 'url'
    item.append(name, state, bar, url)
    list.append(item)
    rows.set(file.id, item)
  }
  return item
}

function stateOf (file) {
  if (file.progress.uploadComplete) return 'complete'
  if (file.error) return 'error'
  if (file.isPaused) return 'paused'
  return file.progress.uploadStarted ? 'uploading' : 'waiting'
}

// The list mirrors Uppy's state, so it always agrees with the Dashboard (same percentages, same pause state).
function render (files) {
  for (const file of Object.values(files)) {
    const item = row(file)
    const state = stateOf(file)
    const percent = state === 'complete' ? 100 : Math.floor(file.progress.percentage ?? 0)
    if (item.dataset.state === state && item.dataset.progress === String(percent)) continue
    item.dataset.state = state
    item.dataset.progress = String(percent)
    item.querySelector('progress').value = percent
    item.querySelector('.state').textContent = state === 'complete' ? 'done' : `${state} · ${percent}%`
    const url = item.querySelector('.url')
    if (state === 'complete' && file.uploadURL && item.dataset.url !== file.uploadURL) {
      const link = document.createElement('a')
      link.href = file.uploadURL
      link.textContent = file.uploadURL
      item.dataset.url = file.uploadURL
      url.replaceChildren(link)
    } else if (state === 'error') {
      url.textContent = String(file.error)
    } else if (state !== 'complete') {
      url.textContent = ''
    }
  }
  // a file removed before it finished leaves the list; finished ones stay with their URL
  for (const [id, item] of rows) {
    if (!files[id] && item.dataset.state !== 'complete') {
      item.remove()
      rows.delete(id)
    }
  }
  none.hidden = rows.size > 0
}

uppy.on('state-update', (previous, next) => {
  if (previous.files !== next.files) render(next.files)
})
