// GET|POST /api/auth/*: Auth.js (session, sign-out, CSRF); anyone may call.
import { handlers } from "@/lib/auth";

export const { GET, POST } = handlers;
