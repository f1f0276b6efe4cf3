// A payment form's answer: the refusal as an alert (linked from the field by `id`), or what was done.
export function FormOutcome({ message, done, id }: { message: string | null; done: string | null; id?: string }) {
  if (message) {
    return (
      <p id={id} role="alert" className="w-full text-sm text-red-700">
        {message}
      </p>
    );
  }
  if (done) {
    return (
      <p role="status" className="w-full text-sm text-green-700">
        {done}
      </p>
    );
  }
  return null;
}
