// Free TCP ports on loopback, for the services the scripts and tests start.
import { createServer } from "node:net";

/** A port that was free a moment ago (the OS picks it). */
export async function freePort() {
  return await new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}
