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
    none.hidden = true
  }
  return item
}

function show (file, state, percent) {
  const item = row(file)
  item.dataset.state = state
  if (percent !== undefined) {
    item.dataset.progress = String(percent)
    item.querySelector('progress').value = percent
  }
  const shown = item.dataset.progress ?? '0'
  item.querySelector('.state').textContent = state === 'complete' ? 'done' : `${state} · ${shown}%`
}

uppy.on('file-added', (file) => show(file, 'waiting', 0))
uppy.on('upload-progress', (file, progress) => {
  if (!file || !progress.bytesTotal) return
  const percent = Math.floor((progress.bytesUploaded / progress.bytesTotal) * 100)
  show(file, file.isPaused ? 'paused' : 'uploading', percent)
})
uppy.on('upload-pause', (file, isPaused) => {
  if (file) show(file, isPaused ? 'paused' : 'uploading')
})
uppy.on('pause-all', () => uppy.getFiles().forEach((f) => rows.has(f.id) && !f.progress.uploadComplete && show(f, 'paused')))
uppy.on('resume-all', () => uppy.getFiles().forEach((f) => rows.has(f.id) && !f.progress.uploadComplete && show(f, 'uploading')))
uppy.on('upload-success', (file, response) => {
  show(file, 'complete', 100)
  const item = row(file)
  const link = document.createElement('a')
  link.href = response.uploadURL
  link.textContent = response.uploadURL
  item.dataset.url = response.uploadURL
  item.querySelector('.url').replaceChildren(link)
})
uppy.on('upload-error', (file, error) => {
  if (!file) return
  show(file, 'error')
  row(file).querySelector('.url').textContent = error.message
})
uppy.on('file-removed', (file) => {
  const item = rows.get(file.id)
  if (item && item.dataset.state !== 'complete') {
    item.remove()
    rows.delete(file.id)
    none.hidden = rows.size > 0
  }
})
