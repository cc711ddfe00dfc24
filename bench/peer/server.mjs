// @tus/server 2.x on the file store, the peer the benchmarks compare against: node server.mjs PORT DIR
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [port, dir] = process.argv.slice(2);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory: dir }) });
http.createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ready\n');
    return;
  }
  tus.handle(req, res);
}).listen(Number(port), '127.0.0.1');
