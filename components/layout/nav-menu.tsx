import { NavLink, type Currentness } from "./nav-link";
import type { NavGroup } from "./nav-items";

/**
 * A group of the main navigation as a native disclosure (<details>): it opens by click, Enter or
 * Space with no script, and `name` lets only one be open at a time. The group holding the current
 * page is marked as the links are (a bar under it) and announced as current.
 */
export function NavMenu({ group, currentOf }: { group: NavGroup; currentOf: (href: string) => Currentness }) {
  const holdsCurrent = group.items.some((i) => currentOf(i.href) !== null);
  return (
    <details name="main-nav" data-nav-menu className="group/menu relative">
      <summary
        aria-current={holdsCurrent ? "true" : undefined}
        className={[
          "-mb-px flex cursor-pointer list-none items-center gap-1.5 border-b-4 px-1 pt-3 pb-2.5 text-[0.9375rem] font-semibold text-navy select-none hover:text-accent-dark [&::-webkit-details-marker]:hidden",
          holdsCurrent ? "border-accent" : "border-transparent hover:border-line group-open/menu:border-line",
        ].join(" ")}
      >
        {group.label}
        <span aria-hidden="true" className="inline-block text-xs group-open/menu:rotate-180">
          ▾
        </span>
      </summary>
      <ul className="absolute top-full left-0 z-30 min-w-48 border border-line-soft bg-white py-1.5 whitespace-nowrap shadow-lg">
        {group.items.map((item) => (
          <li key={item.href}>
            <NavLink href={item.href} current={currentOf(item.href)} stacked>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </details>
  );
}
