// The QR-bill text as the npm package swissqrbill (MIT) builds it: an implementation independent of the portal's,
// for Portal.Tests/Billing/QrBill/SwissQrBillPeerTests. Reads the bill as swissqrbill's Data JSON on stdin, prints
// generateQRData(data) on stdout (no trailing newline); a bill it refuses exits with 1 and its message on stderr.
// generateQRData is not in the package's "exports" map (the STACK.md specifier fails with ERR_PACKAGE_PATH_NOT_EXPORTED):
// import the file itself.
import { generateQRData } from "./node_modules/swissqrbill/lib/esm/shared/qr-code.js";

let input = "";
for await (const chunk of process.stdin) {
  input += chunk;
}

try {
  process.stdout.write(generateQRData(JSON.parse(input)));
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
