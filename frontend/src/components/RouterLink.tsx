import { forwardRef, type AnchorHTMLAttributes } from 'react';
import { Link } from 'react-router';

/**
 * PatternFly's links render `<a href>`; this turns their `href` into a router link, so moving
 * between pages keeps the in-memory session instead of reloading the document.
 */
export const RouterLink = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement>>(
  function RouterLink({ href, ...props }, ref) {
    return <Link ref={ref} to={href ?? '/'} {...props} />;
  },
);
