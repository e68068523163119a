import { Dropdown, DropdownItem, DropdownList, MenuToggle } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/context';

export function UserMenu() {
  const { t } = useTranslation();
  const { user, logOut } = useAuth();
  const [open, setOpen] = useState(false);
  if (!user) return null;
  // the accessible name holds the visible name (WCAG 2.5.3, label in name)
  const shown = user.full_name ?? user.username;
  return (
    <Dropdown
      isOpen={open}
      onOpenChange={setOpen}
      popperProps={{ position: 'right' }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          variant="plainText"
          aria-label={t('masthead.userMenu', { name: shown })}
          isExpanded={open}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {shown}
        </MenuToggle>
      )}
    >
      <DropdownList>
        <DropdownItem onClick={() => void logOut()}>{t('masthead.logOut')}</DropdownItem>
      </DropdownList>
    </Dropdown>
  );
}
