import { Button } from '@patternfly/react-core';
import MoonIcon from '@patternfly/react-icons/dist/esm/icons/moon-icon';
import SunIcon from '@patternfly/react-icons/dist/esm/icons/sun-icon';
import { useTranslation } from 'react-i18next';
import { useTheme } from '../theme/theme';

export function ThemeToggle() {
  const { t } = useTranslation();
  const [theme, toggle] = useTheme();
  const dark = theme === 'dark';
  return (
    <Button
      variant="plain"
      aria-label={t(dark ? 'masthead.lightTheme' : 'masthead.darkTheme')}
      aria-pressed={dark}
      icon={dark ? <SunIcon /> : <MoonIcon />}
      onClick={toggle}
    />
  );
}
