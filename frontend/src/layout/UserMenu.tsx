import { Dropdown, DropdownItem, DropdownList, MenuToggle } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/context';

export function UserMenu() {
  const { t } = useTranslation();
  const { user, logOut } = useAuth();
  const [open, setOpen] = useState(false);
  if (!user) return null;
  return (
    <Dropdown
      isOpen={open}
      onOpenChange={setOpen}
      popperProps={{ position: 'right' }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          variant="plainText"
          aria-label={t('masthead.userMenu', { name: user.username })}
          isExpanded={open}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {user.full_name ?? user.username}
        </MenuToggle>
      )}
    >
      <DropdownList>
        <DropdownItem onClick={() => void logOut()}>{t('masthead.logOut')}</DropdownItem>
      </DropdownList>
    </Dropdown>
  );
}
