package queries_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pysurvey/pysurvey/extractors"
	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/extractors/python"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver, to rewrite Parquet files
)

var update = flag.Bool("update", false, "rewrite queries/testdata/golden/*.csv from the current answers")

// runDate is the fixed clock of the surveys made here, so that run dates
// (and the trends query) are reproducible.
var runDate = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// nonDeterministic lists shipped queries whose answers change from run to
// run (timings), which have no golden file.
var nonDeterministic = map[string]bool{"repos_overview": true}

// survey turns every directory of trees (a testdata directory of plain
// file trees) into a git repository, runs the real pipeline over them
// with the interpretation, as pysurvey run does, into a temporary
// directory and returns that directory.
func survey(t *testing.T, trees string) string {
	t.Helper()
	entries, err := os.ReadDir(trees)
	if err != nil {
		t.Fatal(err)
	}
	repos := t.TempDir()
	var specs []sources.RepoSpec
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(repos, e.Name()+".git")
		if _, err := gitrepo.Create(dir, os.DirFS(filepath.Join(trees, e.Name())), gitrepo.Options{Bare: true}); err != nil {
			t.Fatal(err)
		}
		specs = append(specs, sources.RepoSpec{Name: e.Name(), Source: "testdata/" + e.Name(), Path: dir})
	}
	out := t.TempDir()
	in, err := queries.NewInterpreter(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	_, err = pipeline.Run(context.Background(), pipeline.Config{
		Repos:       specs,
		Out:         out,
		CacheDir:    t.TempDir(),
		Extractors:  allExtractors(),
		Interpreter: in,
		CatalogHash: in.CatalogHash(),
		PartRows:    200, // a few parts
		Now:         func() time.Time { return runDate },
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// allExtractors returns the registered extractors, with the Python source
// extractor added when the registry does not list it yet: every query
// needs its facts.
func allExtractors() []extractors.Extractor {
	all := list.All()
	for _, e := range all {
		if e.Name() == "python" {
			return all
		}
	}
	return append(all, python.New())
}

// open opens the survey in dir, with an optional patterns file.
func open(t *testing.T, dir, patterns string) *queries.DB {
	t.Helper()
	db, err := queries.Open(context.Background(), queries.Options{DataDir: dir, PatternsFile: patterns})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// answer runs a shipped query and returns its answer as CSV.
func answer(t *testing.T, db *queries.DB, name string) string {
	t.Helper()
	res, err := db.Query(context.Background(), name, nil)
	return csvOf(t, res, err)
}

// csvOf returns an answer as CSV, failing the test on err.
func csvOf(t *testing.T, res *queries.Result, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden runs every shipped query over the sample repositories and
// compares the answer with queries/testdata/golden/NAME.csv. Run with
// -update to rewrite the golden files, then read the diff.
func TestGolden(t *testing.T) {
	db := open(t, survey(t, filepath.Join("..", "testdata", "sample")), "")
	qs, err := queries.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if nonDeterministic[q.Name] {
			continue
		}
		t.Run(q.Name, func(t *testing.T) {
			got := answer(t, db, q.Name)
			golden := filepath.Join("testdata", "golden", q.Name+".csv")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./queries -run TestGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("answer differs from %s (-update rewrites it):\n%s", golden, diff(string(want), got))
			}
		})
	}
}

// diff shows the lines of want and got that differ, in order.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// archCase is what TestArchitecture expects of one repository: its
// architecture and primary framework (repo_summary), catalog patterns it
// must use ("category/pattern") and patterns it must not, and when set the
// files building application objects (app_objects), text its
// architecture evidence must hold, top-level names that must be its
// own (first_party_roots) and third-party modules it must import
// (repo_imports).
type archCase struct {
	arch, primary string
	uses, not     []string
	apps          []string
	evidence      string
	roots         []string
	imports       []string
}

// TestArchitecture checks the classifier on the sample repositories and on
// the fixtures of testdata/arch, each a hard case written for it (see
// testdata/arch/README.md): nested applications, a monorepo, DDD, clean and
// hexagonal namings, bounded contexts, Django apps without views, FastAPI
// entry modules beside their layers, a Flask subclass, harness
// directories, optional integrations, one application mounting another,
// constructor injection by collaborator, and patterns named for the
// library used.
func TestArchitecture(t *testing.T) {
	want := map[string]archCase{
		// testdata/sample
		"django-shop":     {arch: "django_mtv", primary: "django"},
		"fastapi-layered": {arch: "fastapi_layered", primary: "fastapi"},
		"ddd-orders":      {arch: "ddd", primary: "fastapi"},
		"flask-blog":      {arch: "flask_app", primary: "flask"},
		"pylib": {arch: "library", primary: "none",
			evidence: "distribution pylib (hatchling.build); packages: pylib; no application object"},
		// testdata/arch
		"nested-fastapi": {arch: "fastapi_layered", primary: "fastapi"},
		"monorepo":       {arch: "fastapi_layered", primary: "fastapi"},
		"ddd-seed":       {arch: "ddd", primary: "flask"},
		"django-nested":  {arch: "django_mtv", primary: "django"},
		"flat-fastapi":   {arch: "other", primary: "fastapi"},
		"scripts":        {arch: "other", primary: "none"},
		// an application object built from an in-repo subclass of Flask
		"flask-subclass": {arch: "flask_app", primary: "flask", uses: []string{"api/flask_blueprints"},
			apps: []string{"portal/__init__.py", "portal/cli.py"}},
		"flask-subclass-chain": {arch: "flask_app", primary: "flask", apps: []string{"ledger/web/app.py"}},
		// a library building the application that serves its users' code, and a service that is a distribution
		"library-serves-users": {arch: "library", primary: "starlette", apps: []string{"servekit/app.py", "servekit/proxy.py"},
			uses: []string{"endpoint/route_decorators"}, not: []string{"endpoint/request_handlers", "endpoint/url_routes"},
			evidence: "application object Starlette() in servekit/app.py but no endpoint of its own"},
		"flat-service-dist": {arch: "other", primary: "fastapi", uses: []string{"endpoint/route_decorators"}},
		// a service whose routes are defined inside functions its app factory calls: endpoints of its own
		"fastapi-connected-routes": {arch: "other", primary: "fastapi", apps: []string{"labkit/server.py"},
			uses: []string{"endpoint/route_decorators"}, evidence: "application object: fastapi (labkit/server.py); distribution labkit-server"},
		// a Flask page beside the Tornado web UI the repository serves; a CherryPy application
		"flask-side-page": {arch: "other", primary: "tornado", uses: []string{"framework/flask", "endpoint/request_handlers"},
			apps: []string{"relay/addons/onboarding/__init__.py", "relay/web/main.py"}},
		"cherrypy-app": {arch: "other", primary: "cherrypy", apps: []string{"Downloader.py"}},
		// Django apps whose HTTP layer is not views, with manage.py, settings and the WSGI/ASGI app
		"django-api-apps":   {arch: "django_mtv", primary: "django", uses: []string{"api/drf_viewsets", "api/drf_api_views"}},
		"django-wagtail":    {arch: "django_mtv", primary: "django"},
		"django-admin-apps": {arch: "django_mtv", primary: "django", uses: []string{"task_queue/django_q"}},
		// domain-centred layouts named otherwise
		"clean-core-ports":   {arch: "ddd", primary: "fastapi", uses: []string{"di/constructor_injection"}},
		"hexagonal-adapters": {arch: "ddd", primary: "flask"},
		"bounded-contexts":   {arch: "ddd", primary: "flask", uses: []string{"di/constructor_injection"}},
		// contexts whose ports are typing.Protocol classes in protocols/; FastAPI from fastapi.applications
		"hexagonal-protocols": {arch: "ddd", primary: "fastapi", uses: []string{"app_entry/fastapi"}},
		// FastAPI entry modules beside the layers and named otherwise; layers as modules
		"fastapi-server-beside": {arch: "fastapi_layered", primary: "fastapi"},
		"fastapi-modules":       {arch: "fastapi_layered", primary: "fastapi", uses: []string{"di/fastapi_depends"}},
		// test servers in integration/, benchmarks/ and a testproject/ are not the library's applications
		"harness-bench": {arch: "library", primary: "none", not: []string{"framework/fastapi", "framework/flask", "framework/starlette"}},
		// optional imports and integrations/, ext/ decide no primary framework; aiohttp's client is no framework
		// a library declaring its frameworks only as extras: the Starlette()
		// of its development server (gqlkit/cli/, the cli extra) is no
		// application of the repository, and its fastapi/ and flask/
		// subpackages use those frameworks optionally
		// feature packages holding layer modules (app/users/ with models.py,
		// schemas.py, views.py) beside core/: a layered FastAPI service
		"fastapi-feature-slices": {arch: "fastapi_layered", primary: "fastapi",
			evidence: "app: main.py + core/, users/models.py, users/schemas.py, users/views.py"},
		// packages holding one layer module each (health/views.py,
		// metrics/views.py) beside core/ are no layers
		"fastapi-single-layer-packages": {arch: "other", primary: "fastapi"},
		// Nameko services (@rpc, @event_handler, @http entrypoints) have no
		// application object: Nameko is the framework their code needs
		"nameko-services": {arch: "other", primary: "nameko", uses: []string{"framework/nameko", "endpoint/route_decorators"}},
		// Nameko services each packaged with a setup.py: the service classes
		// holding @rpc entrypoints (and the gateway's own @http, a subclass
		// of Nameko's) are what nameko run hosts, its applications, and the
		// entrypoints their endpoints, so no library
		"nameko-service-dists": {arch: "other", primary: "nameko", uses: []string{"app_entry/nameko"}},
		// a CherryPy service whose libraries are vendored in lib/ (CherryPy,
		// APScheduler, backports of argparse and concurrent, a beets plugin
		// building a Flask app): lib/ is no code of its own, so cherrypy
		// is a library it imports, not a first-party package, and the
		// vendored Flask app is none of its applications
		// a reusable Django app whose repository holds the demo project its
		// developers try it in (project/manage.py, project/project/settings.py)
		// beside the package the root's pyproject.toml ships: a library
		// a library laid out in layers (app.py building FastAPI(), config,
		// models, routes) whose application routes to its user's client
		// and defines no endpoint of its own: it serves its users' code,
		// whatever its layers
		"library-layered-app-for-users": {arch: "library", primary: "fastapi"},
		// a library whose create_server() builds FastAPI() and defines its
		// routes inside itself, called by its command line (outside any
		// class, in another file than the application's): endpoints of
		// its own, so no library
		"library-server-factory-cli": {arch: "other", primary: "fastapi"},
		"django-app-demo-project":    {arch: "library", primary: "django", uses: []string{"framework/django"}},
		// a CherryPy service whose lib/ holds copies of cherrypy/, mako/,
		// bleach/ and an upload SDK with Django forms and models, all named
		// in its requirements.txt: vendored, so CherryPy is not first-party
		// and the SDK's Django is none of the service's
		"cherrypy-lib-requirements": {arch: "other", primary: "cherrypy", roots: []string{"plexwatch"},
			uses: []string{"framework/cherrypy", "app_entry/cherrypy"}, not: []string{"framework/django"}},
		"cherrypy-vendored-lib": {arch: "other", primary: "cherrypy", roots: []string{"tunes"},
			uses: []string{"framework/cherrypy", "task_queue/apscheduler"}, not: []string{"framework/flask", "api/flask_blueprints"}},
		// a Pyramid service whose Configurator a helper library makes:
		// config.make_wsgi_app() builds its application, config.add_view()
		// registers its own view, so no library
		"pyramid-helper-configurator": {arch: "other", primary: "pyramid", uses: []string{"app_entry/pyramid", "endpoint/url_routes"}},
		// a Pando website, built from a subclass of pando.website.Website
		"pando-website": {arch: "other", primary: "pando", apps: []string{"tipjar/main.py"}},
		// a Starlette extension whose starlette is a dev dependency only: what
		// its users must have, not an option
		"starlette-peer-extension": {arch: "library", primary: "starlette"},
		// a library requiring FastAPI that defines Starlette endpoints
		// (HTTPEndpoint classes, a Router of them) and mounts them on FastAPI
		// apps in its fastapi/ package: Starlette, which comes with FastAPI,
		// is a framework of its own there, in more files
		"library-base-endpoints": {arch: "library", primary: "starlette", uses: []string{"endpoint/request_handlers"}},
		// a library declaring FastAPI in an extra whose __init__.py imports
		// a module importing FastAPI at its top: the package named for the
		// distribution needs FastAPI when imported, whatever the extra
		// says, and the Starlette classes it imports come with FastAPI;
		// its other package chainserved/, the development server of the
		// extra (as black's blackd/), stays optional: no application
		"library-imports-its-extra": {arch: "library", primary: "fastapi"},
		// the application built by a bootstrapping library in
		// app/application.py, beside api/, models.py, schemas.py, settings.py
		"fastapi-bootstrapped": {arch: "fastapi_layered", primary: "fastapi",
			evidence: "app: __main__.py + api/, models.py, schemas.py, settings.py"},
		// settings, the WSGI application and a DRF app, the command line a
		// script without .py (bin/radio-api): a Django project
		"django-wsgi-no-manage": {arch: "django_mtv", primary: "django",
			evidence: "api/radioapi/settings.py, api/radioapi/wsgi.py (WSGI/ASGI application), 1 app with models+views (api/radioapi)"},
		// a Django plugin whose development profile runs a mock GitHub made
		// with Flask (profiles/dev/github_mock/): no Flask application of
		// the repository's
		"django-plugin-mock": {arch: "library", primary: "django", not: []string{"framework/flask"}},
		// bounded contexts under Context/, each a domain/ and a repository/
		// package, capitalized directories as some teams name them
		"ddd-contexts-repository": {arch: "ddd", primary: "fastapi",
			evidence: "2 bounded contexts with their own layers: Context/orders, Context/billing (domain/, repository/)"},
		// clean layers as modules of Django apps (trips/ and riders/ each
		// with entities.py, interactors.py, repositories.py beside models.py
		// and views.py): bounded contexts; without the use cases, Django apps
		"django-clean-modules": {arch: "ddd", primary: "django",
			evidence: "2 bounded contexts with their own layers: trips, riders (entities.py, interactors.py, repositories.py)"},
		"django-entity-modules": {arch: "django_mtv", primary: "django"},
		// a Wagtail site whose WSGI application comes from django-configurations
		// (configurations.wsgi), its apps models + template tags, models + admin
		"django-configurations-site": {arch: "django_mtv", primary: "django",
			apps: []string{"donations/wsgi.py"}},
		// hexagonal layers named in the singular, ports inward/outward:
		// application/domain/entity/, application/port/{inward,outward}/,
		// adapter/{inward,outward}/
		"hexagonal-singular": {arch: "ddd", primary: "fastapi"},
		// clean layers with the use cases in the singular: domain/,
		// use_case/service/, adapters/repository/, infrastructure/api/ (Flask)
		"clean-use-case-singular": {arch: "ddd", primary: "flask"},
		// a Quart extension checked against the OpenAPI specification on the
		// Quart app of its compliance/ suite: harness, not its own app
		"library-compliance-app": {arch: "library", primary: "quart", apps: []string{}},
		// a Falcon service that is a distribution, routing its resources by
		// application.add_route(...) in api/__init__.py: endpoints of its own
		"falcon-add-route-service": {arch: "other", primary: "falcon", apps: []string{"src/pager/app.py"}},
		// a Flask service that is a distribution, its Flask app built by
		// Connexion's App() and routed by add_api(spec): endpoints of its own
		"flask-connexion-service": {arch: "flask_app", primary: "flask", apps: []string{"src/updates/web/base.py"}},
		// a CherryPy application with no distribution of its own: the
		// setup.py of the library it keeps a copy of in its package lib/ is
		// not the repository's
		"vendored-library-setup": {arch: "other", primary: "cherrypy"},
		// bounded contexts each with a domain module (aggregates.py) and its
		// ports/ and adapters/ packages
		"ddd-contexts-domain-modules": {arch: "ddd", primary: "fastapi"},
		// a repository of examples alone (demos/chat, demos/polls, aiohttp
		// services): its examples are its code
		"examples-only-repo": {arch: "other", primary: "aiohttp",
			apps: []string{"demos/chat/chatdemo/main.py", "demos/polls/pollsdemo/main.py"}},
		// clean architecture's rings numbered from the centre out:
		// l1_entities/, l2_use_cases/, l3_interface_adapters/,
		// l4_frameworks_and_drivers/ (FastAPI)
		"clean-numbered-rings": {arch: "ddd", primary: "fastapi"},
		// a library whose examples live in tgclient_examples/ (a Quart login
		// page): examples, not its code
		"library-suffixed-examples": {arch: "library", primary: "none", not: []string{"framework/quart"}},
		// a library's FastAPI integration in a subpackage named fastapi/,
		// fastapi only in its testing extra: no framework of its own
		"broker-framework-subpackage": {arch: "library", primary: "none", uses: []string{"framework/fastapi"}},
		// domains/, services/, adapters/, entrypoints/fastapi/ (FastAPI
		// required by requirements.txt: the entry point, no integration)
		"ddd-domains-entrypoints": {arch: "ddd", primary: "fastapi", apps: []string{"app/entrypoints/fastapi/main.py"}},
		"optional-extras":         {arch: "library", primary: "none", uses: []string{"framework/starlette", "framework/fastapi", "framework/flask"}},
		// core/ without __init__.py holding the package core/fastapi/,
		// imported as core.fastapi: FastAPI stays the library
		"namespace-framework-package": {arch: "fastapi_layered", primary: "fastapi"},
		// a distribution of one module (tinyweb.py), no package
		"one-module-distribution": {arch: "library", primary: "none"},
		// a Flask extension distributed as one module in a src layout:
		// src/flask_guard.py, the module setuptools' package-dir maps to
		// the root, beside the pyproject.toml that names Flask-Guard
		"one-module-src-layout": {arch: "library", primary: "flask"},
		// a Flask framework library whose bin/ script builds a Flask() to
		// migrate a database: scripts build no application of the repository
		"library-scripts-app": {arch: "library", primary: "flask"},
		// Flask only in the server extra, its server in moto-like
		// mockcloud/server/ (no __init__.py) inside the package
		"optional-namespace-server": {arch: "library", primary: "none", uses: []string{"framework/flask"}},
		// requires FastAPI, imports Starlette's classes in more files
		"library-required-framework": {arch: "library", primary: "fastapi"},
		// domain/, service/, adapters/ and api/: a service layer between a
		// domain and its infrastructure is the application layer
		"ddd-service-layer": {arch: "ddd", primary: "fastapi", evidence: "ledger: domain/, service/, adapters/"},
		// requires FastAPI and Starlette, imports only Starlette's
		// BaseHTTPMiddleware: FastAPI is built on it, a FastAPI extension
		"library-built-on-starlette": {arch: "library", primary: "fastapi", uses: []string{"framework/starlette"}},
		// reusable Django apps and the sandbox/ demo site they run in
		"django-library-sandbox": {arch: "library", primary: "django"},
		// hexagonal with the domain named core/ beside ports/ and
		// adapters/{driving,driven}/ (Litestar); core/ is no domain without
		// ports beside it (a library's core/, interfaces/, adapters/)
		"hexagonal-core":        {arch: "ddd", primary: "litestar", evidence: "shelf: core/, ports/, adapters/"},
		"core-adapters-library": {arch: "library", primary: "none"},
		// a Django project laid out as DDD layers, interface/ singular:
		// library/{domain/<context>/,application/,interface/}
		"ddd-django-interface": {arch: "ddd", primary: "django", evidence: "library: domain/, application/, interface/"},
		// an APM agent's middleware per framework in modules named for
		// them (tracekit/falcon.py, tracekit/async_/starlette.py) and a
		// subpackage (tracekit/flask/), none of them required: integrations
		"library-framework-modules": {arch: "library", primary: "none", uses: []string{"framework/falcon", "framework/starlette", "framework/flask"}},
		// a FastAPI library with layer-named subpackages whose pytest
		// plugin returns a bare FastAPI() from a fixture: test tooling,
		// not the repository's application
		"library-pytest-fixtures": {arch: "library", primary: "fastapi"},
		// a Flask app whose test command imports pytest when it runs:
		// still the repository's application
		"flask-test-command": {arch: "flask_app", primary: "flask"},
		// a FastAPI library whose demo_project/ builds a layered FastAPI
		// app: a demo, not the repository's application
		"library-demo-project": {arch: "library", primary: "fastapi"},
		// hexagonal in two packages, domain/ and infrastructure/, the ports
		// modules of the domain (account_repository_protocol.py)
		"hexagonal-port-modules": {arch: "ddd", primary: "fastapi",
			evidence: "src: domain/, domain/account/account_repository_protocol.py, infrastructure/"},
		// Starlette only in an extra that hatch's uv-dynamic-versioning
		// hook declares ([project] lists optional-dependencies as dynamic)
		"dynamic-hook-extras": {arch: "library", primary: "none", uses: []string{"framework/starlette"}},
		// instrumentation distributions naming their framework in an extra,
		// in test-requirements.txt and in the root's docs-requirements.txt:
		// what docs and tests are built with, no deployment's requirement
		"instrumentation-monorepo": {arch: "library", primary: "none", uses: []string{"framework/django", "framework/flask"}},
		// Flask only in a distribution's server extra, but the server module
		// beside the distribution (not in its package) is the Flask app the
		// image deploys
		"extra-server": {arch: "flask_app", primary: "flask", apps: []string{"scanner-core/app.py"}},
		// Django and Flask only in a library's examples extra: its package's
		// middleware.py is optional, and the timing scripts beside the
		// package (timing/, no application built) are no application of them
		// a Tornado CMS (application.py builds it; handlers in cms/) with a
		// Django project for its admin tools beside it: Tornado is served,
		// the Django project is a side one, so no django_mtv
		"tornado-django-admin": {arch: "other", primary: "tornado", apps: []string{"adminsite/wsgi.py", "application.py"}},
		// FastAPI and Flask only in a library's extras, its impl/ package
		// importing FastAPI's APIRouter and Starlette's Request: Starlette
		// comes with the optional FastAPI, so it is optional too
		// a FastAPI extension whose PagedFastAPI(app), a function named
		// like a class, builds the parent FastAPI() and defines its route
		// inside itself, and whose top-level sample.py is the example app
		// its README shows: no endpoint of its own, so a library
		"library-capital-factory": {arch: "library", primary: "fastapi", apps: []string{"pagerkit/paging.py"}},
		// a chat SDK with adapters for Flask, Falcon and aiohttp, none of them
		// required (only requirements/adapter_dev.txt names them), and the
		// development server of its async app on aiohttp: a library of
		// integrations, on none of those frameworks
		"library-adapters":      {arch: "library", primary: "none", apps: []string{}, uses: []string{"framework/aiohttp", "framework/flask", "framework/falcon"}},
		"library-extra-base":    {arch: "library", primary: "none", uses: []string{"framework/fastapi", "framework/starlette"}},
		"library-extra-scripts": {arch: "library", primary: "none", uses: []string{"framework/django", "framework/flask"}},
		"optional-integrations": {arch: "library", primary: "none",
			uses: []string{"framework/django", "framework/fastapi", "framework/flask", "integration/integration_subpackage"},
			not:  []string{"framework/aiohttp", "framework/tornado"}},
		// FastAPI serves, mounting Django (whose migrations outnumber FastAPI's files)
		"fastapi-mounts-django": {arch: "django_mtv", primary: "fastapi", uses: []string{"app_mount/fastapi"}},
		// FastAPI serves a Flask admin it imports from its own package
		// (from .admin import flask_app); Flask has more files
		"fastapi-mounts-flask": {arch: "fastapi_layered", primary: "fastapi", uses: []string{"app_mount/fastapi"}},
		// constructor injection recognised by what a class receives and where it lives
		"di-collaborators": {arch: "other", primary: "none", uses: []string{"di/constructor_injection"}},
		// a pattern is named for the library the code uses
		"flask-restful-api": {arch: "flask_app", primary: "flask",
			uses: []string{"api/flask_restful", "task_queue/apscheduler"}, not: []string{"api/flask_restx"}},
		"django-channels-amqp": {arch: "django_mtv", primary: "django",
			uses: []string{"api/django_channels", "event_driven/kombu", "event_driven/amqp"}},
		// a Flask extension uses Flask in every module but serves no
		// application: a library built on Flask
		"flask-extension": {arch: "library", primary: "flask", uses: []string{"framework/flask"}},
		// clean layers with the domain and ports two packages down: core/common/entities/
		"clean-deep-core": {arch: "ddd", primary: "fastapi"},
		// clean architecture named as in Uncle Bob's diagram: controllers/,
		// usecases/, repository interfaces in repositories/abstraction/
		"clean-controllers": {arch: "ddd", primary: "fastapi"},
		// Clean Architecture as the Python book lays it out: domain/,
		// use_cases/, repository/ (and requests/, serializers/), the Flask
		// app in a package of its own
		"clean-use-cases-repository": {arch: "ddd", primary: "flask",
			evidence: "lending: domain/, use_cases/, repository/"},
		// a main.py holding the routes beside config.py, database.py and
		// schemas.py: a flat application's plumbing, no layers
		"fastapi-flat-plumbing": {arch: "other", primary: "fastapi"},
		// use cases served by handler/ over provider/ (the infrastructure):
		// generic words, layers beside usecase/
		"clean-handler-provider": {arch: "ddd", primary: "fastapi",
			evidence: "app: domain/, usecase/, provider/, handler/"},
		// repositories/ beside domain/ and services/, no use cases: a Flask app
		"flask-domain-repositories": {arch: "flask_app", primary: "flask"},
		// generic words beside application/, not use cases: a layered FastAPI service
		"layered-abstractions": {arch: "fastapi_layered", primary: "fastapi"},
		// plugin distributions in the namespace package acme.plugins: its
		// subpackages flask/, celery/, sqlalchemy/ are not the repository's
		// own top-level names, so importing flask is using Flask
		"namespace-plugins": {arch: "library", primary: "flask",
			uses:     []string{"framework/flask", "task_queue/celery", "orm/sqlalchemy"},
			evidence: "4 distributions, the shallowest acme-plugins-core (hatchling.build); packages: acme; no application object"},
		// a Plone add-on, the distribution plone.todo in the namespace package
		// plone that Plone's own distributions share: plone is its root, but
		// only plone.todo is its own, so importing plone.dexterity and
		// plone.api is using Plone; src/alembic/env.py (no package) is
		// alembic.env, and its import of alembic is of the library
		"namespace-addon": {arch: "library", primary: "plone", uses: []string{"framework/plone"},
			roots: []string{"plone", "alembic"}, imports: []string{"plone", "alembic", "zope", "Products"}},
		// the same with namespace packages declared the old way (plone/ and
		// plone/app/ each an __init__.py calling pkg_resources'
		// declare_namespace): plone.app.todo is its own, plone.app.registry
		// is Plone's
		"namespace-legacy": {arch: "library", primary: "plone", uses: []string{"framework/plone"},
			roots: []string{"plone"}, imports: []string{"plone", "zope"}},
		// the same at the top of the tree (no src/): plone.app.todo, the
		// shallowest package under the namespaces, is its own, not all of
		// plone.app
		"namespace-toplevel": {arch: "library", primary: "plone", uses: []string{"framework/plone"},
			roots: []string{"plone"}, imports: []string{"plone", "zope"}},
		// src is itself a package: src/celery/tasks.py is src.celery.tasks,
		// so importing celery there is using Celery
		"src-package": {arch: "other", primary: "fastapi", uses: []string{"task_queue/celery", "framework/fastapi"}},
		// a Flask application with a small FastAPI websocket app beside its layers
		"flask-fastapi-side": {arch: "flask_app", primary: "flask", apps: []string{"app/asgi.py", "app/instance.py"}},
		// collaborators annotated Optional[X] and type[X] | None
		"di-optional": {arch: "other", primary: "none", uses: []string{"di/constructor_injection"}},
		// handlers that receive functions (*Func, *Callback, HandlerCallback[T]) and
		// plain values (Sequence[str], error: Exception), not collaborators;
		// a logging handler receiving an optional Console
		"di-callables": {arch: "other", primary: "none", not: []string{"di/constructor_injection"}},
		// a class receiving a generic repository (AbstractRepository[Invoice])
		"di-generic": {arch: "other", primary: "none", uses: []string{"di/constructor_injection"}},
		// a project generator: the cookiecutter template it renders
		// ({{cookiecutter.project_slug}}/, a FastAPI service) is not its code
		"scaffold-template": {arch: "library", primary: "none", not: []string{"framework/fastapi", "orm/sqlalchemy", "di/constructor_injection"},
			evidence: "distribution scaffold (hatchling.build); packages: scaffold; no application object"},
		// a cookiecutter template repository: the service it renders,
		// {{cookiecutter.project_slug}}/ at the top level, is what it holds
		"cookiecutter-service": {arch: "fastapi_layered", primary: "fastapi"},
		// a library whose class receives the user's app and builds the
		// Starlette() it mounts there: a sub-application, not an app object;
		// a library built on Starlette
		"library-sub-app": {arch: "library", primary: "starlette"},
		// a service whose create_app() shares its file with a class that
		// receives the app: create_app()'s FastAPI() is the service's
		"fastapi-factory-receiver": {arch: "fastapi_layered", primary: "fastapi", apps: []string{"app/main.py"}},
		// dockerfiles/settings/celery.py, in a directory without __init__.py
		// that imports relatively, is no top-level module celery: the
		// project's from celery import shared_task uses Celery
		"django-docker-settings": {arch: "django_mtv", primary: "django", uses: []string{"task_queue/celery"}},
		// the service's FastAPI() is built in svc/api/, a package of its
		// layered directory; a top-level script builds another to export the
		// OpenAPI document; ui/ has layers and a main.py that builds none:
		// the evidence names the service's
		// mypy_stubs/peewee.pyi types the library it imports: no module of
		// its own; BackgroundTasks comes from fastapi.background
		"fastapi-spec-script": {arch: "fastapi_layered", primary: "fastapi", evidence: "svc: api/fastapi_app.py + api/, config/, db/, models.py",
			uses: []string{"orm/peewee", "task_queue/fastapi_background_tasks"}},
		// the settings module ships as web/alerts/conf/settings.py.example,
		// copied into place by the deployment
		"django-settings-example": {arch: "django_mtv", primary: "django",
			evidence: "web/manage.py, web/alerts/conf/settings.py.example, 1 app with models+views (web/feeds)"},
		// no settings.py in the tree (the deployment writes it): settings
		// split by environment, temba/settings_common.py and settings_dev.py
		"django-settings-split": {arch: "django_mtv", primary: "django",
			evidence: "manage.py, temba/settings_dev.py, 1 app with models+views (temba/contacts)"},
		// no manage.py: the package's __main__.py runs Django's command line
		"django-main-module": {arch: "django_mtv", primary: "django",
			evidence: "src/inventory/__main__.py (execute_from_command_line), src/inventory/settings/, 1 app with models+views (src/inventory/assets)"},
		// a reusable Django app: runtests.py runs Django's command line for
		// its tests, and acme_tags/settings.py holds the app's own settings;
		// a library built on Django
		"django-reusable-app": {arch: "library", primary: "django"},
		// a service whose package keeper/ and shared models shared/ are
		// namespace packages at the top level (no __init__.py), imported
		// from by its files: both are its own
		"namespace-service": {arch: "fastapi_layered", primary: "fastapi", uses: []string{"task_queue/temporal"}, roots: []string{"keeper", "shared"}},
		// Starlette serves the Flask application it imports absolutely from
		// the package (from application.app import app as flask_app);
		// application/worker/celery.py, importing the library celery, is no
		// top-level module celery of the repository's: Celery is used
		"starlette-wraps-flask": {arch: "flask_app", primary: "starlette", uses: []string{"app_mount/starlette", "task_queue/celery"}},
		// a workspace of libraries: the evidence counts its distributions
		"library-monorepo": {arch: "library", primary: "none",
			evidence: "2 distributions, the shallowest acme-core (hatchling.build); packages: acme_core, acme_redis; no application object"},
	}
	got := map[string]archCase{}
	for _, trees := range []string{"sample", "arch"} {
		db := open(t, survey(t, filepath.Join("..", "testdata", trees)), "")
		res, err := db.SQL(context.Background(), `
			SELECT s.repo, s.architecture, s.primary_framework, s.architecture_evidence,
				coalesce(p.evidence, ''),
				coalesce((SELECT string_agg(DISTINCT category || '/' || pattern, ' ') FROM repo_patterns r WHERE r.repo = s.repo), ''),
				coalesce((SELECT string_agg(DISTINCT path, ' ' ORDER BY path) FROM app_objects a WHERE a.repo = s.repo), ''),
				coalesce((SELECT string_agg(DISTINCT root, ' ') FROM first_party_roots r WHERE r.repo = s.repo), ''),
				coalesce((SELECT string_agg(DISTINCT module, ' ') FROM repo_imports i WHERE i.repo = s.repo), '')
			FROM (`+queryText(t, "repo_summary")+`) s
			LEFT JOIN repo_primary_framework p ON p.repo = s.repo
			ORDER BY s.repo`, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range res.Rows {
			repo := row[0].(string)
			got[repo] = archCase{arch: row[1].(string), primary: row[2].(string), uses: strings.Fields(row[5].(string)),
				apps: strings.Fields(row[6].(string)), evidence: row[3].(string), roots: strings.Fields(row[7].(string)),
				imports: strings.Fields(row[8].(string))}
			t.Logf("%s: %s (%s); primary %s (%s)", repo, row[1], row[3], row[2], row[4])
		}
	}
	for repo, w := range want {
		g, ok := got[repo]
		if !ok {
			t.Errorf("%s: not classified", repo)
			continue
		}
		if g.arch != w.arch {
			t.Errorf("%s: architecture %q, want %q", repo, g.arch, w.arch)
		}
		if g.primary != w.primary {
			t.Errorf("%s: primary framework %q, want %q", repo, g.primary, w.primary)
		}
		for _, p := range w.uses {
			if !slices.Contains(g.uses, p) {
				t.Errorf("%s: does not use %s (uses %v)", repo, p, g.uses)
			}
		}
		if !strings.Contains(g.evidence, w.evidence) {
			t.Errorf("%s: evidence %q does not hold %q", repo, g.evidence, w.evidence)
		}
		if w.apps != nil && !slices.Equal(g.apps, w.apps) {
			t.Errorf("%s: application objects in %v, want %v", repo, g.apps, w.apps)
		}
		for _, p := range w.not {
			if slices.Contains(g.uses, p) {
				t.Errorf("%s: uses %s", repo, p)
			}
		}
		for _, r := range w.roots {
			if !slices.Contains(g.roots, r) {
				t.Errorf("%s: %s is not its own (first-party roots %v)", repo, r, g.roots)
			}
		}
		for _, m := range w.imports {
			if !slices.Contains(g.imports, m) {
				t.Errorf("%s: does not import the third-party module %s (repo_imports %v)", repo, m, g.imports)
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("classified %d repositories, want %d", len(got), len(want))
	}
}

// TestRunsBeforeOptionalImports checks that surveys written before
// imports.optional existed still answer: the sample's imports rewritten
// without the column give the golden repo_summary.
func TestRunsBeforeOptionalImports(t *testing.T) {
	out := survey(t, filepath.Join("..", "testdata", "sample"))
	files, err := filepath.Glob(filepath.Join(out, "imports", "*", "*.parquet"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no imports files (%v)", err)
	}
	conn, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, f := range files {
		old := filepath.Join(t.TempDir(), "old.parquet")
		if _, err := conn.Exec("COPY (SELECT * EXCLUDE (optional) FROM read_parquet(?, hive_partitioning = false)) TO '"+
			strings.ReplaceAll(old, "'", "''")+"' (FORMAT parquet)", f); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(old, f); err != nil {
			t.Fatal(err)
		}
	}
	// Such runs wrote no results of this catalog: they are recomputed.
	for _, tb := range []string{"repo_summary", "repo_patterns", "pattern_hits", "repo_imports"} {
		if err := os.RemoveAll(filepath.Join(out, tb)); err != nil {
			t.Fatal(err)
		}
	}
	db := open(t, out, "")
	res, err := db.SQL(context.Background(), "SELECT count(*) FILTER (optional IS NOT NULL), count(*) FROM imports", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := fmt.Sprint(res.Rows); !strings.HasPrefix(n, "[[0 ") || n == "[[0 0]]" {
		t.Fatalf("the rewritten imports still have the column optional: %s", n)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "golden", "repo_summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got := answer(t, db, "repo_summary"); got != string(want) {
		t.Errorf("repo_summary over runs without imports.optional differs from the golden answer:\n%s", diff(string(want), got))
	}
}

// queryText returns the SQL of a shipped query.
func queryText(t *testing.T, name string) string {
	t.Helper()
	q, err := queries.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(q.SQL)
}

// TestPatternsFile checks that --patterns rows add patterns and override
// shipped rows with the same key.
func TestPatternsFile(t *testing.T) {
	custom := filepath.Join(t.TempDir(), "patterns.csv")
	rows := "category,pattern,signal_kind,signal_value,description\n" +
		"# a comment line\n" +
		"framework,pydantic_app,import_root,pydantic,Counts pydantic as a framework\n" +
		"orm,sqlalchemy,import_root,sqlalchemy,overridden description\n"
	if err := os.WriteFile(custom, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	db := open(t, survey(t, filepath.Join("..", "testdata", "sample")), custom)
	got := answer(t, db, "framework_share")
	if !strings.Contains(got, "\npydantic_app,2,0.4\n") {
		t.Errorf("framework_share lacks the added pattern:\n%s", got)
	}
	res, err := db.SQL(context.Background(), "SELECT description FROM patterns WHERE category = 'orm' AND pattern = 'sqlalchemy' AND signal_value = 'sqlalchemy'", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0][0] != "overridden description" {
		t.Errorf("override not applied: %v", res.Rows)
	}
}

// TestRecomputedResultsEqualTheRunsOwn: asked for another catalog, the
// queries recompute the results from the facts; with a catalog that adds
// only a pattern nothing matches, every result equals the run's own.
func TestRecomputedResultsEqualTheRunsOwn(t *testing.T) {
	out := survey(t, filepath.Join("..", "testdata", "sample"))
	custom := filepath.Join(t.TempDir(), "patterns.csv")
	rows := "category,pattern,signal_kind,signal_value,description\nnothing,never,import_root,zz_no_such_module,matches nothing\n"
	if err := os.WriteFile(custom, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	own, recomputed := open(t, out, ""), open(t, out, custom)
	if own.CatalogHash() == recomputed.CatalogHash() {
		t.Fatal("the catalogs hash alike")
	}
	for _, q := range []string{"SELECT * FROM repo_summary ORDER BY repo", "SELECT * FROM repo_patterns ORDER BY ALL",
		"SELECT * FROM pattern_hits ORDER BY ALL", "SELECT * FROM repo_imports ORDER BY ALL"} {
		a, b := sqlCSV(t, own, q), sqlCSV(t, recomputed, q)
		if a != b || strings.Count(a, "\n") < 6 {
			t.Errorf("%s: recomputed differs:\n%s", q, diff(a, b))
		}
	}
}

// sqlCSV runs a statement and returns its answer as CSV.
func sqlCSV(t *testing.T, db *queries.DB, stmt string) string {
	t.Helper()
	res, err := db.SQL(context.Background(), stmt, nil)
	return csvOf(t, res, err)
}

// TestScriptMakesTheViewsInAnyDuckDB runs the script of pysurvey views in a
// plain DuckDB and compares the shipped queries' answers.
func TestScriptMakesTheViewsInAnyDuckDB(t *testing.T) {
	out := survey(t, filepath.Join("..", "testdata", "sample"))
	ctx := context.Background()
	db, err := queries.Open(ctx, queries.Options{DataDir: out, AsWritten: true, Script: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var script bytes.Buffer
	if err := db.Script(ctx, &script); err != nil {
		t.Fatal(err)
	}
	plain, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	conn, err := plain.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, script.String()); err != nil {
		t.Fatalf("running the script: %v", err)
	}
	for _, name := range []string{"framework_share", "architecture_share", "top_imports", "signal_usage", "repo_summary"} {
		q, err := queries.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Query(ctx, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := conn.QueryContext(ctx, q.SQL)
		if err != nil {
			t.Fatalf("%s in the plain DuckDB: %v", name, err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n != len(res.Rows) || n == 0 {
			t.Errorf("%s: %d rows in the plain DuckDB, %d through pysurvey", name, n, len(res.Rows))
		}
	}
}
