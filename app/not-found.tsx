// 404 for any unknown page.
import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-16">
      <div className="text-center">
        <p className="text-sm font-semibold text-brand-700">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">There is nothing at this address.</p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
          Back to Omniflow
        </Link>
      </div>
    </main>
  );
}
