// An OCPP 1.6J charge point no one here wrote: the npm package ocpp-rpc 2.2.1 (MIT) in strict mode, which validates
// every CALL and CALLRESULT both ways against the OCPP 1.6 JSON schemas. For Portal.Tests/Edge/Ocpp/OcppRpcPeerTests.
// Usage: node ocpp-charge-point.mjs <endpoint e.g. ws://127.0.0.1:PORT/ocpp> <identity>
// Prints one JSON object per line on stdout (events: boot, badFrameAnswered, heartbeat, transaction, profile,
// strictValidationFailure, error); accepts every SetChargingProfile; stops the transaction and exits when stdin ends.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { RPCClient } = require("ocpp-rpc");

const [endpoint, identity] = process.argv.slice(2);
const print = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const now = () => new Date().toISOString();

const client = new RPCClient({ endpoint, identity, protocols: ["ocpp1.6"], strictMode: true, reconnect: false, callTimeoutMs: 10000 });
client.on("strictValidationFailure", (e) =>
  print({ event: "strictValidationFailure", method: e.method, outbound: e.outbound, isCall: e.isCall, error: e.error?.message }));
client.on("badMessage", (e) => {
  // Our bad frames come back as CALLERRORs for calls ocpp-rpc never made: exactly what it reports as bad messages.
  let frame = null;
  try { frame = JSON.parse(e.buffer.toString()); } catch { frame = e.buffer.toString(); }
  print({ event: "badFrameAnswered", frame });
});
client.handle("SetChargingProfile", ({ params }) => {
  print({ event: "profile", params });
  return { status: "Accepted" };
});
client.handle(({ method }) => {
  print({ event: "unhandledCall", method });
  return { status: "NotSupported" };
});

try {
  await client.connect();
  const boot = await client.call("BootNotification", { chargePointVendor: "ocpp-rpc", chargePointModel: "peer-test" });
  print({ event: "boot", ...boot });
  await client.call("StatusNotification", { connectorId: 0, errorCode: "NoError", status: "Available", timestamp: now() });

  // Frames strict mode would never send: raw, so our central system has to refuse them without dropping the socket.
  client.sendRaw('[2,"bad-1","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]');
  client.sendRaw("this is not json");
  const heartbeat = await client.call("Heartbeat", {});
  print({ event: "heartbeat", ...heartbeat });

  await client.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Preparing", timestamp: now() });
  const start = await client.call("StartTransaction", { connectorId: 1, idTag: "RESIDENT-7", meterStart: 1200, timestamp: now() });
  await client.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Charging", timestamp: now() });
  await client.call("MeterValues", {
    connectorId: 1,
    transactionId: start.transactionId,
    meterValue: [{
      timestamp: now(),
      sampledValue: [
        { value: "15.9", measurand: "Current.Import", phase: "L1", unit: "A" },
        { value: "16.0", measurand: "Current.Import", phase: "L2", unit: "A" },
        { value: "15.8", measurand: "Current.Import", phase: "L3", unit: "A" },
        { value: "10.98", measurand: "Power.Active.Import", unit: "kW" },
        { value: "1450", measurand: "Energy.Active.Import.Register", unit: "Wh" },
      ],
    }],
  });
  print({ event: "transaction", transactionId: start.transactionId, idTagStatus: start.idTagInfo.status });

  for await (const _ of process.stdin) { /* the test closes stdin when it is done */ }
  await client.call("StopTransaction", { transactionId: start.transactionId, meterStop: 1500, timestamp: now(), reason: "EVDisconnected" });
  print({ event: "stopped" });
  await client.close();
} catch (error) {
  print({ event: "error", message: error.message, code: error.rpcErrorCode ?? null });
  process.exitCode = 1;
  await client.close({ force: true });
}
