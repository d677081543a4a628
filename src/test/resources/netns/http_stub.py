"""Two tiny HTTP servers for NatNamespaceTest, each run inside a network namespace the test made.

usage: http_stub.py echo-source ADDRESS PORT READY_FILE
       http_stub.py imds        ADDRESS PORT READY_FILE INSTANCE_ID

echo-source  answers every GET with the caller's address and a newline, as checkip.amazonaws.com does:
             what "the internet" sees as the NAT's source address.
imds         IMDSv2 as the health check uses it: PUT /latest/api/token with the TTL header gives a token, and
             GET /latest/meta-data/instance-id with that token gives INSTANCE_ID. Anything else is refused.

READY_FILE is created once the socket listens, so the test need not guess how long Python takes to start.
"""
import http.server
import secrets
import socketserver
import sys


class Server(http.server.ThreadingHTTPServer):
    def server_bind(self):
        # HTTPServer's own looks its address up in DNS (socket.getfqdn): in a namespace with a default route and
        # no DNS server that waits for the resolver's timeouts.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class Stub(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body=""):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class EchoSource(Stub):
    def do_GET(self):
        self.answer(200, self.client_address[0] + "\n")


class Imds(Stub):
    token = secrets.token_hex(16)
    instance_id = None

    def do_PUT(self):
        if self.path != "/latest/api/token":
            self.answer(404)
        elif not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            self.answer(400)
        else:
            self.answer(200, self.token)

    def do_GET(self):
        if self.headers.get("X-aws-ec2-metadata-token") != self.token:
            self.answer(401)
        elif self.path == "/latest/meta-data/instance-id":
            self.answer(200, self.instance_id)
        else:
            self.answer(404)


def main():
    mode, address, port, ready = sys.argv[1:5]
    if mode == "imds":
        Imds.instance_id = sys.argv[5]
        handler = Imds
    elif mode == "echo-source":
        handler = EchoSource
    else:
        sys.exit("unknown mode " + mode)
    server = Server((address, int(port)), handler)
    open(ready, "w").close()
    server.serve_forever()


if __name__ == "__main__":
    main()
