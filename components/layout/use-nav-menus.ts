"use client";

import { useEffect, type RefObject } from "react";

const OPEN_MENU = "details[data-nav-menu][open]";

/**
 * Small comforts for the main navigation's menus, which work without them (native <details>):
 * Escape closes the open menu (focus back on its summary), and so do a click outside it, focus
 * leaving it (the menu would otherwise cover what Tab reaches next) and choosing a link. The header
 * stays mounted across client-side navigations, so without that last one a menu, or the phone's
 * "Menu", would stay open on the new page.
 */
export function useNavMenus(nav: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const root = nav.current;
    if (!root) return;
    const openMenus = () => [...root.querySelectorAll<HTMLDetailsElement>(OPEN_MENU)];

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      for (const menu of openMenus()) {
        const hadFocus = menu.contains(document.activeElement);
        menu.open = false;
        if (hadFocus) menu.querySelector("summary")?.focus();
      }
    };
    const onPointerDown = (event: PointerEvent) => {
      for (const menu of openMenus()) if (!menu.contains(event.target as Node)) menu.open = false;
    };
    const onFocusOut = (event: FocusEvent) => {
      const menu = (event.target as Element).closest<HTMLDetailsElement>(OPEN_MENU);
      // No next target: the window lost focus, or a click on nothing focusable (handled above).
      const next = event.relatedTarget as Node | null;
      if (menu && next && !menu.contains(next)) menu.open = false;
    };
    const onClick = (event: MouseEvent) => {
      if (!(event.target as Element).closest("a")) return;
      for (const details of root.querySelectorAll<HTMLDetailsElement>("details[open]")) details.open = false;
    };

    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    root.addEventListener("focusout", onFocusOut);
    root.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
      root.removeEventListener("focusout", onFocusOut);
      root.removeEventListener("click", onClick);
    };
  }, [nav]);
}
