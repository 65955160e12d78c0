import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { W } from './labels';
import { homeOf, pagesOf, useSession, type PageId } from './session';

const SignIn = lazy(() => import('./pages/signin/SignInPage'));
const Overview = lazy(() => import('./pages/overview/OverviewPage'));
const Overdue = lazy(() => import('./pages/overdue/OverduePage'));
const Units = lazy(() => import('./pages/units/UnitsPage'));
const UnitPage = lazy(() => import('./pages/units/UnitPage'));
const Cases = lazy(() => import('./pages/cases/CasesPage'));
const CasePage = lazy(() => import('./pages/cases/CasePage'));
const Launch = lazy(() => import('./pages/launch/LaunchPage'));
const Reports = lazy(() => import('./pages/reports/ReportsPage'));
const PublicList = lazy(() => import('./pages/public/PublicPage'));
const PublicCase = lazy(() => import('./pages/public/PublicCasePage'));
const Survey = lazy(() => import('./pages/survey/SurveyPage'));

const PATHS: Record<PageId, string> = {
  overview: '/overview',
  overdue: '/overdue',
  units: '/units',
  cases: '/cases',
  launch: '/launch',
  reports: '/reports',
  public: '/public',
};

export function App() {
  const { me, checking, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  // A submitter's survey link: a page of its own (no key, no menu), sized for a phone.
  if (location.pathname.startsWith('/survey/')) {
    return (
      <Suspense fallback={<Spin fullscreen tip={W.common.loading} />}>
        <Routes>
          <Route path="/survey/:token" element={<Survey />} />
        </Routes>
      </Suspense>
    );
  }
  if (checking) return <Spin fullscreen tip={W.common.loading} />;

  const pages = pagesOf(me);
  const current = (Object.keys(PATHS) as PageId[]).find((p) => location.pathname.startsWith(PATHS[p]));
  const guard = (page: PageId, element: ReactNode) =>
    pages.includes(page) ? element : <Navigate to={me ? homeOf(me) : '/signin'} replace state={{ from: location.pathname }} />;
  const unitsPath = me?.unit ? `/units/${encodeURIComponent(me.unit)}` : PATHS.units;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 16px', background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Link to={me ? homeOf(me) : '/public'}>
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap', color: '#b71c1c' }}>{W.appTitle}</Typography.Title>
        </Link>
        <Menu
          mode="horizontal"
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          selectedKeys={current ? [current] : []}
          items={pages.map((page) => ({ key: page, label: <Link to={page === 'units' ? unitsPath : PATHS[page]}>{W.menu[page]}</Link> }))}
        />
        {me ? (
          <Space size="small" data-testid="whoami">
            <Tag color="red">{me.roleLabel}</Tag>
            <span style={{ whiteSpace: 'nowrap' }}>{me.unit ? `${me.unit} · ${me.name}` : me.name}</span>
            <Button size="small" onClick={() => { signOut(); navigate('/signin'); }}>{W.signIn.signOut}</Button>
          </Space>
        ) : (
          location.pathname !== '/signin' && <Link to="/signin">{W.public.signIn}</Link>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <Suspense fallback={<Spin tip={W.common.loading}><div style={{ height: 200 }} /></Spin>}>
          <Routes>
            <Route path="/" element={<Navigate to={me ? homeOf(me) : '/signin'} replace />} />
            <Route path="/signin" element={me ? <Navigate to={homeOf(me)} replace /> : <SignIn />} />
            <Route path="/overview" element={guard('overview', <Overview />)} />
            <Route path="/overdue" element={guard('overdue', <Overdue />)} />
            <Route path="/units" element={guard('units', <Units />)} />
            <Route path="/units/:unit" element={guard('units', <UnitPage />)} />
            <Route path="/cases" element={guard('cases', <Cases />)} />
            <Route path="/cases/:caseId" element={guard('cases', <CasePage />)} />
            <Route path="/launch" element={guard('launch', <Launch />)} />
            <Route path="/reports" element={guard('reports', <Reports />)} />
            <Route path="/public" element={<PublicList />} />
            <Route path="/public/:caseId" element={<PublicCase />} />
            <Route path="*" element={<Navigate to={me ? homeOf(me) : '/signin'} replace />} />
          </Routes>
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
