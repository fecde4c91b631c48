import { defineRoute } from "../openapi.ts";
import { router } from "../router.ts";
import { Health, json } from "../schemas.ts";

const health = defineRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  summary: "Liveness (no authentication)",
  responses: { 200: json(Health, "The API answers") },
});

export function healthRoutes() {
  return router().openapi(health, (c) => c.json({ status: "ok" as const }, 200));
}
