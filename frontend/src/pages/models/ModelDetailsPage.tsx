import {
  Breadcrumb,
  BreadcrumbItem,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  LabelGroup,
  PageSection,
  Stack,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useModel } from '../../api/models';
import type { Model } from '../../api/types';
import { useFormat } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { RouterLink } from '../../components/RouterLink';
import { ErrorAlert, Loading } from '../../components/states';
import { SubscribeAction } from './SubscribeAction';
import { SubscribeResult } from './SubscribeResult';
import { useSubscribing } from './useSubscribing';

function Term({ term, children }: { term: string; children: ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

function ModelFacts({ model }: { model: Model }) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('common.unknown');
  return (
    <DescriptionList isHorizontal>
      <Term term={t('models.provider')}>{model.provider}</Term>
      <Term term={t('models.context')}>{format.count(model.context_length) ?? none}</Term>
      <Term term={t('models.inputCost')}>
        {format.perMillion(model.input_cost_per_token) ?? none}
      </Term>
      <Term term={t('models.outputCost')}>
        {format.perMillion(model.output_cost_per_token) ?? none}
      </Term>
      <Term term={t('models.capabilities')}>
        {model.capabilities.length ? (
          <LabelGroup>
            {model.capabilities.map((capability) => (
              <Label key={capability}>{capability}</Label>
            ))}
          </LabelGroup>
        ) : (
          none
        )}
      </Term>
      <Term term={t('models.access')}>
        {t(model.restricted ? 'models.accessRestricted' : 'models.accessOpen')}
      </Term>
    </DescriptionList>
  );
}

export function ModelDetailsPage() {
  const { t } = useTranslation();
  const id = useParams()['*'] ?? '';
  const model = useModel(id);
  const { subscribe, statusOf, busyFor } = useSubscribing();
  return (
    <>
      <PageSection>
        <Breadcrumb aria-label={t('common.breadcrumb')}>
          <BreadcrumbItem component={RouterLink} to="/models">
            {t('models.title')}
          </BreadcrumbItem>
          <BreadcrumbItem isActive>{id}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <PageHeader title={id} />
      <PageSection>
        {model.isPending ? (
          <Loading />
        ) : model.isError ? (
          <ErrorAlert error={model.error} title={t('models.loadOneFailed')} />
        ) : (
          <Stack hasGutter>
            <SubscribeResult subscribe={subscribe} />
            <ModelFacts model={model.data} />
            <div>
              <SubscribeAction
                model={model.data}
                status={statusOf(model.data.id)}
                busy={busyFor(model.data.id)}
                onSubscribe={(modelId) => {
                  subscribe.mutate(modelId);
                }}
              />
            </div>
          </Stack>
        )}
      </PageSection>
    </>
  );
}
