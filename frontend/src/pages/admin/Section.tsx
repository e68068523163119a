import { Content, PageSection, Stack } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../components/useDocumentTitle';

interface Props {
  title: string;
  intro: string;
  children: ReactNode;
}

/** One administration section: its heading (the page's h1 is "Administration"), then its body. */
export function Section({ title, intro, children }: Props) {
  useDocumentTitle(title);
  return (
    <PageSection aria-label={title}>
      <Stack hasGutter>
        <Content>
          <Content component="h2">{title}</Content>
          <Content component="p">{intro}</Content>
        </Content>
        {children}
      </Stack>
    </PageSection>
  );
}
