"""An aiosmtpd handler for the mail tests: writes each message it accepts, byte for byte as received, to
<folder>/<n>.eml with the envelope in <n>.json, and refuses recipients whose address starts with "refused".

Run by the tests as: python3 -m aiosmtpd -n -l 127.0.0.1:<port> -c smtp_recorder.Recorder <folder>
"""
import json
import os


class Recorder:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        os.makedirs(folder, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("Recorder needs the folder to write messages to")
        return cls(args[0])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refused"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, str(self.count))
        with open(name + ".json.tmp", "w", encoding="utf-8") as meta:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, meta)
        with open(name + ".eml", "wb") as out:
            out.write(envelope.original_content)
        # The JSON appears last: a test that sees it finds the message complete.
        os.replace(name + ".json.tmp", name + ".json")
        return "250 Message accepted for delivery"
