// The fake Control Center in its own process, as a real operator would be: the benchmark's client
// and this server then do not share one Node.js thread. Prints its URL on the first line.
import { makeFakeDevices } from "@/operators/cisco-control-center/fake-devices";
import { startFakeControlCenter } from "@/operators/cisco-control-center/fake-server";

const count = Number(process.argv[2] ?? "100000");
const [username = "bench", apiKey = "bench-key"] = process.argv.slice(3);
const fake = await startFakeControlCenter({ username, apiKey, devices: makeFakeDevices(count), recordRequests: false });
console.log(fake.url);
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
