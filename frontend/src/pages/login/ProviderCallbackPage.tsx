import { Bullseye, Button, Card, CardBody, PageSection } from '@patternfly/react-core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useProviderCallback } from '../../api/auth';
import { useAuth } from '../../auth/context';
import { RouterLink } from '../../components/RouterLink';
import { ErrorAlert, Loading } from '../../components/states';
import { useDocumentTitle } from '../../components/useDocumentTitle';

/** Where OIDC or OpenShift sends the browser back: trades the code for the session's tokens. */
export function ProviderCallbackPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const { provider = '' } = useParams();
  const [params] = useSearchParams();
  const { logIn } = useAuth();
  const navigate = useNavigate();
  const callback = useProviderCallback(provider);
  const sent = useRef(false);
  const { mutate } = callback;

  useEffect(() => {
    // a code works once: never post it twice (React runs effects twice in development)
    if (sent.current) return;
    sent.current = true;
    mutate(
      { code: params.get('code') ?? '', state: params.get('state') ?? '' },
      {
        onSuccess: (answer) => {
          logIn(answer);
          void navigate('/', { replace: true, state: { notice: answer.notice } });
        },
      },
    );
  }, [mutate, params, logIn, navigate]);

  return (
    <main>
      <PageSection isFilled>
        <Bullseye>
          <Card style={{ width: '26rem' }}>
            <CardBody>
              {callback.isError ? (
                <>
                  <ErrorAlert error={callback.error} title={t('login.failed')} />
                  <Button variant="link" component={RouterLink} href="/login">
                    {t('login.tryAgain')}
                  </Button>
                </>
              ) : (
                <Loading />
              )}
            </CardBody>
          </Card>
        </Bullseye>
      </PageSection>
    </main>
  );
}
