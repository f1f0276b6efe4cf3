import { redirect } from "next/navigation";

// The portal has no landing page of its own: the SIM list is home.
export default function HomePage() {
  redirect("/sims");
}
