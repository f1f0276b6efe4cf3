import { NotFoundMessage } from "@/components/not-found-message";

// Also what a foreign tenant's SIM or a page the role may not use looks like: nothing to learn.
export default function PortalNotFound() {
  return <NotFoundMessage className="mx-auto mt-8 max-w-xl" />;
}
