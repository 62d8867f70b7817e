// The official OpenAI and Anthropic TypeScript SDKs, unchanged, against a router at ROUTER_URL: every call a
// client of either makes through the router, with node:assert on what comes back. Run by scripts/sdk-check-node.
import assert from "node:assert/strict";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const base = process.env.ROUTER_URL ?? "http://127.0.0.1:8080";
const openai = new OpenAI({ apiKey: "sk-not-a-real-key", baseURL: base + "/v1", maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: "sk-ant-not-a-real-key", baseURL: base, maxRetries: 0 });
let passed = 0;
async function check(name, body) {
  await body();
  passed++;
  console.log("ok  " + name);
}
async function rejects(call) {
  try {
    await call();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}

await check("openai: chat completion, auto", async () => {
  const r = await openai.chat.completions.create({ model: "auto", messages: [{ role: "user", content: "hi" }] });
  assert.notEqual(r.model, "auto");
  assert.ok(r.choices[0].message.content.length > 0);
  assert.ok(r.usage.completion_tokens > 0);
});
await check("openai: streamed chat completion with usage", async () => {
  const s = await openai.chat.completions.create({ model: "auto", stream: true, stream_options: { include_usage: true },
    messages: [{ role: "user", content: "Prove that the square root of 2 is irrational." }] });
  let text = "", usage = null, finish = null;
  for await (const c of s) {
    text += c.choices[0]?.delta?.content ?? "";
    finish = c.choices[0]?.finish_reason ?? finish;
    usage = c.usage ?? usage;
  }
  assert.ok(text.length > 0);
  assert.equal(finish, "stop");
  assert.ok(usage.total_tokens > 0);
});
await check("openai: tool call", async () => {
  const r = await openai.chat.completions.create({ model: "auto", messages: [{ role: "user", content: "What's the weather in Paris?" }],
    tools: [{ type: "function", function: { name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }] });
  assert.equal(r.choices[0].finish_reason, "tool_calls");
  assert.equal(r.choices[0].message.tool_calls[0].function.name, "get_weather");
  JSON.parse(r.choices[0].message.tool_calls[0].function.arguments);
});
await check("openai: JSON mode", async () => {
  const r = await openai.chat.completions.create({ model: "auto", response_format: { type: "json_object" },
    messages: [{ role: "user", content: "Give me a JSON object with a name." }] });
  JSON.parse(r.choices[0].message.content);
});
await check("openai: models list and retrieve", async () => {
  const ids = [];
  for await (const m of openai.models.list()) ids.push(m.id);
  assert.ok(ids.length > 0);
  assert.equal((await openai.models.retrieve(ids[0])).id, ids[0]);
});
await check("openai: responses, plain and streamed", async () => {
  const r = await openai.responses.create({ model: "auto", input: "Say hi" });
  assert.ok(r.output_text.length > 0);
  const types = new Set();
  for await (const e of await openai.responses.create({ model: "auto", input: "Say hi", stream: true })) types.add(e.type);
  assert.ok(types.has("response.output_text.delta") && types.has("response.completed"), [...types].join());
});
await check("openai: errors are the SDK's typed errors", async () => {
  const missing = await rejects(() => openai.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }));
  assert.ok(missing instanceof OpenAI.NotFoundError, String(missing));
  assert.equal(missing.code, "model_not_found");
  const empty = await rejects(() => openai.chat.completions.create({ model: "auto", messages: [] }));
  assert.ok(empty instanceof OpenAI.BadRequestError, String(empty));
});
await check("anthropic: message, auto", async () => {
  const m = await anthropic.messages.create({ model: "auto", max_tokens: 200, messages: [{ role: "user", content: "hi" }] });
  assert.notEqual(m.model, "auto");
  assert.equal(m.content[0].type, "text");
  assert.ok(m.usage.output_tokens > 0);
});
await check("anthropic: streamed message", async () => {
  const fin = await anthropic.messages.stream({ model: "auto", max_tokens: 200, system: "You are terse.",
    messages: [{ role: "user", content: "Write a haiku about routers." }] }).finalMessage();
  assert.ok(fin.content[0].text.length > 0);
  assert.ok(fin.stop_reason);
});
await check("anthropic: tool use", async () => {
  const m = await anthropic.messages.create({ model: "auto", max_tokens: 200,
    tools: [{ name: "get_weather", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }],
    messages: [{ role: "user", content: "What's the weather in Paris?" }] });
  assert.equal(m.stop_reason, "tool_use");
  assert.equal(m.content.find(b => b.type === "tool_use").name, "get_weather");
});
await check("anthropic: count_tokens", async () => {
  const short = await anthropic.messages.countTokens({ model: "auto", messages: [{ role: "user", content: "hi there" }] });
  const long = await anthropic.messages.countTokens({ model: "auto", messages: [{ role: "user", content: "hi there ".repeat(200) }] });
  assert.ok(short.input_tokens > 0 && long.input_tokens > 10 * short.input_tokens, JSON.stringify([short, long]));
});
await check("anthropic: errors are the SDK's typed errors", async () => {
  const missing = await rejects(() => anthropic.messages.create({ model: "no-such-model", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }));
  assert.ok(missing instanceof Anthropic.NotFoundError, String(missing));
  const empty = await rejects(() => anthropic.messages.create({ model: "auto", max_tokens: 10, messages: [] }));
  assert.ok(empty instanceof Anthropic.BadRequestError, String(empty));
  assert.equal(empty.error.type, "error");
});
console.log(`${passed} checks passed against ${base}`);
