// Decodes Sparkplug B payloads with Eclipse Tahu's JavaScript codec (npm sparkplug-payload), independent of the
// gateway's C# code. Input (stdin): JSON array of base64 payloads. Output (stdout): JSON array of
// { decoded: <Tahu decodePayload result>, raw: <the protobuf message as Tahu's generated schema reads it> }.
// 64-bit integers are written as decimal strings.
const { decodePayload } = require("sparkplug-payload/lib/sparkplugbpayload");
const proto = require("sparkplug-payload/lib/sparkplugPayloadProto");
const Payload = proto.org.eclipse.tahu.protobuf.Payload;

function plain(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => {
    if (v && typeof v === "object" && typeof v.low === "number" && typeof v.high === "number" && typeof v.unsigned === "boolean")
      return (v.unsigned ? require("long").fromBits(v.low, v.high, true) : require("long").fromBits(v.low, v.high, false)).toString();
    if (v && v.type === "Buffer" && Array.isArray(v.data)) return v.data;
    return v;
  }));
}

let input = "";
process.stdin.on("data", c => (input += c));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(b64 => {
    const bytes = Buffer.from(b64, "base64");
    const raw = Payload.toObject(Payload.decode(bytes), { longs: String, defaults: false });
    return { decoded: plain(decodePayload(bytes)), raw: plain(raw) };
  });
  process.stdout.write(JSON.stringify(out));
});
