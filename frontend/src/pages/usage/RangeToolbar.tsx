import {
  DatePicker,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { lastDays, type DayRange } from './range';

const PRESETS = [
  { days: 7, label: 'usage.last7' },
  { days: 30, label: 'usage.last30' },
  { days: 90, label: 'usage.last90' },
] as const;

interface Props {
  range: DayRange;
  onChange: (range: DayRange) => void;
  /** what else the toolbar holds (the export, the admin's choices) */
  children?: ReactNode;
}

/** Two UTC days (typed or picked) and quick ranges that end today. */
export function RangeToolbar({ range, onChange, children }: Props) {
  const { t, i18n } = useTranslation();
  const calendar = {
    locale: i18n.language,
    placeholder: t('usage.dateFormat'),
    invalidFormatText: t('usage.invalidDate'),
  };
  return (
    <Toolbar aria-label={t('usage.rangeLabel')}>
      <ToolbarContent>
        <ToolbarGroup>
          <ToolbarItem>
            <DatePicker
              {...calendar}
              aria-label={t('usage.from')}
              buttonAriaLabel={t('usage.pickFrom')}
              value={range.fromDay}
              onChange={(_event, value) => {
                onChange({ ...range, fromDay: value });
              }}
            />
          </ToolbarItem>
          <ToolbarItem>
            <DatePicker
              {...calendar}
              aria-label={t('usage.to')}
              buttonAriaLabel={t('usage.pickTo')}
              value={range.toDay}
              onChange={(_event, value) => {
                onChange({ ...range, toDay: value });
              }}
            />
          </ToolbarItem>
        </ToolbarGroup>
        <ToolbarItem>
          <ToggleGroup aria-label={t('usage.presets')}>
            {PRESETS.map(({ days, label }) => {
              const preset = lastDays(days);
              return (
                <ToggleGroupItem
                  key={days}
                  text={t(label)}
                  isSelected={preset.fromDay === range.fromDay && preset.toDay === range.toDay}
                  onChange={() => {
                    onChange(preset);
                  }}
                />
              );
            })}
          </ToggleGroup>
        </ToolbarItem>
        {children}
      </ToolbarContent>
    </Toolbar>
  );
}
