import { Content, PageSection } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './useDocumentTitle';

/** The title every page starts with (its one h1) and a sentence on what the page is for. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <PageSection>
      <Content>
        <Content component="h1">{title}</Content>
        {children && <Content component="p">{children}</Content>}
      </Content>
    </PageSection>
  );
}
