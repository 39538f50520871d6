package report_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	git "github.com/go-git/go-git/v5"

	"github.com/pysurvey/pysurvey/extractors/list"
	"github.com/pysurvey/pysurvey/pipeline"
	"github.com/pysurvey/pysurvey/pipeline/gitrepo"
	"github.com/pysurvey/pysurvey/pipeline/sources"
	"github.com/pysurvey/pysurvey/queries"
)

// day is the clock of the first run of a fixture survey; later runs are a
// day apart each, so that trends has one run per date.
var day = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// repoSet is a set of real git repositories, surveyed run after run as
// they change.
type repoSet struct {
	t     *testing.T
	dir   string
	out   string
	repos map[string]string // name → bare git directory
}

func newRepoSet(t *testing.T) *repoSet {
	return &repoSet{t: t, dir: t.TempDir(), out: t.TempDir(), repos: map[string]string{}}
}

// create makes the repository name from a file tree.
func (s *repoSet) create(name string, tree fs.FS) {
	s.t.Helper()
	dir := filepath.Join(s.dir, safeDir(name)+".git")
	if _, err := gitrepo.Create(dir, tree, gitrepo.Options{Bare: true}); err != nil {
		s.t.Fatal(err)
	}
	s.repos[name] = dir
}

// commit makes tree the next commit of an existing repository.
func (s *repoSet) commit(name string, tree fs.FS) {
	s.t.Helper()
	repo, err := git.PlainOpen(s.repos[name])
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := gitrepo.Commit(repo, tree, gitrepo.Options{Bare: true, Message: "change"}, ""); err != nil {
		s.t.Fatal(err)
	}
}

// remove deletes a repository, so that surveying it fails.
func (s *repoSet) remove(name string) {
	s.t.Helper()
	if err := os.RemoveAll(s.repos[name]); err != nil {
		s.t.Fatal(err)
	}
}

// safeDir turns a repository name into a directory name.
func safeDir(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// survey runs the real pipeline over the named repositories on the given
// day, with the interpretation as pysurvey run does, and returns the run's
// id.
func (s *repoSet) survey(when time.Time, names ...string) string {
	s.t.Helper()
	var specs []sources.RepoSpec
	for _, n := range names {
		dir, ok := s.repos[n]
		if !ok {
			dir = filepath.Join(s.dir, safeDir(n)+".git") // never made: fails
		}
		specs = append(specs, sources.RepoSpec{Name: n, Source: "fixture/" + n, Path: dir})
	}
	ctx := context.Background()
	in, err := queries.NewInterpreter(ctx, "")
	if err != nil {
		s.t.Fatal(err)
	}
	defer in.Close()
	sum, err := pipeline.Run(ctx, pipeline.Config{Repos: specs, Out: s.out, CacheDir: s.t.TempDir(),
		Extractors: list.All(), Interpreter: in, CatalogHash: in.CatalogHash(), Now: func() time.Time { return when }})
	if err != nil && !errors.Is(err, pipeline.ErrTooFewOK) {
		s.t.Fatalf("run: %v (failures %v)", err, sum.Failures)
	}
	return sum.RunID
}

// dirTrees returns the directories of a testdata tree as file systems by name.
func dirTrees(t *testing.T, root string) map[string]fs.FS {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	trees := map[string]fs.FS{}
	for _, e := range entries {
		if e.IsDir() {
			trees[e.Name()] = os.DirFS(filepath.Join(root, e.Name()))
		}
	}
	return trees
}

// files makes a file tree from path → content.
func files(kv ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return m
}

// hostileName is a repository name made to break out of HTML and
// terminals: markup, an escape sequence, a newline, a bidi override.
const hostileName = "acme/<img src=x onerror=alert(1)>\x1b[31m\n\u202eevil\"'"

// hostileDir is a directory name of the hostile repository that ends up
// in its architecture evidence (a name in a tree cannot hold a slash).
const hostileDir = "<img src=x onerror=alert(2)>"

// Trees made in the test, beside testdata's.
var (
	celeryPip = files(
		"requirements.txt", "celery==5.3\nredis\n",
		"worker/__init__.py", "",
		"worker/app.py", "from celery import Celery\n\napp = Celery('worker')\n",
		"worker/tasks.py", "from worker.app import app\n\n@app.task\ndef add(x, y):\n    return x + y\n",
	)
	celeryPoetry = files(
		"pyproject.toml", "[tool.poetry]\nname = \"worker\"\nversion = \"1.0\"\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\ncelery = \"^5.3\"\n",
		"poetry.lock", "# poetry lock\n",
		"worker/__init__.py", "",
		"worker/app.py", "from celery import Celery\n\napp = Celery('worker')\n",
		"worker/tasks.py", "from worker.app import app\n\n@app.task\ndef add(x, y):\n    return x + y\n",
	)
	aiohttpService = files(
		"pyproject.toml", "[project]\nname = \"svc\"\nversion = \"0.1\"\ndependencies = [\"aiohttp\"]\n\n[tool.poetry]\nname = \"svc\"\n",
		"svc/__init__.py", "",
		"svc/server.py", "from aiohttp import web\n\nasync def hello(request):\n    await request.read()\n    return web.Response(text='hi')\n\nasync def bye(request):\n    return web.Response(text='bye')\n\ndef make():\n    app = web.Application()\n    app.router.add_get('/', hello)\n    return app\n",
	)
	starletteApp = files(
		"requirements.txt", "starlette\nuvicorn\n",
		"app.py", "from starlette.applications import Starlette\nfrom starlette.routing import Route\n\nasync def home(request):\n    return None\n\napp = Starlette(routes=[Route('/', home)])\n",
	)
	tornadoLegacy = files(
		"setup.py", "from setuptools import setup\nsetup(name='legacy', packages=['legacy'])\n",
		"legacy/__init__.py", "",
		"legacy/web.py", "import tornado.web\n\nclass Main(tornado.web.RequestHandler):\n    def get(self):\n        self.write('hi')\n",
	)
	tornadoMigrated = files(
		"setup.py", "from setuptools import setup\nsetup(name='legacy', packages=['legacy'])\n",
		"legacy/__init__.py", "",
		"legacy/web.py", "from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get('/')\nasync def main():\n    return 'hi'\n",
	)
	kafkaConsumer = files(
		"Pipfile", "[packages]\naiokafka = \"*\"\n",
		"consumer/__init__.py", "",
		"consumer/main.py", "import asyncio\nfrom aiokafka import AIOKafkaConsumer\n\nasync def consume():\n    c = AIOKafkaConsumer('t')\n    await c.start()\n\nasyncio.run(consume())\n",
	)
	kafkaWithCelery = files(
		"Pipfile", "[packages]\naiokafka = \"*\"\ncelery = \"*\"\n",
		"consumer/__init__.py", "",
		"consumer/main.py", "import asyncio\nfrom aiokafka import AIOKafkaConsumer\n\nasync def consume():\n    c = AIOKafkaConsumer('t')\n    await c.start()\n\nasyncio.run(consume())\n",
		"consumer/tasks.py", "from celery import shared_task\n\n@shared_task\ndef index(doc):\n    return doc\n",
	)
	sqlmodelAPI = files(
		"pyproject.toml", "[project]\nname = \"catalog\"\nversion = \"0.1\"\ndependencies = [\"fastapi\", \"sqlmodel\"]\n\n[tool.uv]\ndev-dependencies = []\n",
		"uv.lock", "version = 1\n",
		"catalog/__init__.py", "",
		"catalog/main.py", "from fastapi import FastAPI\nfrom catalog.api import routes\n\napp = FastAPI()\napp.include_router(routes.router)\n",
		"catalog/api/__init__.py", "",
		"catalog/api/routes.py", "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n@router.get('/')\nasync def items():\n    return []\n",
		"catalog/models/__init__.py", "",
		"catalog/models/item.py", "from sqlmodel import SQLModel, Field\n\nclass Item(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n",
	)
	hostileTree = files(
		"requirements.txt", "flask\n",
		hostileDir+"/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n",
		"<svg onload=alert(3)>\x1b[2J.py", "import flask\n",
	)
)

// threeRuns is a survey of about twenty real repositories over three
// runs a day apart, with changes between them; each change is listed in
// want (by the later run's number, 2 or 3) so that diff can be checked.
type threeRuns struct {
	set  *repoSet
	runs [3]string
	// want holds the (repo, change, field) each later run must report.
	want map[int][]string
}

func surveyThreeRuns(t *testing.T) *threeRuns {
	t.Helper()
	s := newRepoSet(t)
	var base []string
	for _, root := range []string{"sample", "arch", "repos"} {
		for name, tree := range dirTrees(t, filepath.Join("..", "..", "testdata", root)) {
			s.create(name, tree)
			base = append(base, name)
		}
	}
	for name, tree := range map[string]fs.FS{"celery-worker": celeryPip, "aiohttp-service": aiohttpService, "starlette-app": starletteApp,
		"tornado-legacy": tornadoLegacy, "kafka-consumer": kafkaConsumer, hostileName: hostileTree} {
		s.create(name, tree)
		base = append(base, name)
	}
	r := &threeRuns{set: s, want: map[int][]string{}}
	// Run 1: 19 repositories and one that cannot be opened.
	r.runs[0] = s.survey(day, append(base, "broken")...)

	// Run 2: one added, one removed, one framework migration, one new package manager.
	s.create("sqlmodel-api", sqlmodelAPI)
	s.commit("tornado-legacy", tornadoMigrated)
	s.commit("celery-worker", celeryPoetry)
	var second []string
	for _, n := range base {
		if n != "scripts" {
			second = append(second, n)
		}
	}
	second = append(second, "sqlmodel-api", "broken")
	r.runs[1] = s.survey(day.AddDate(0, 0, 1), second...)
	r.want[2] = []string{
		"sqlmodel-api added status",
		"scripts removed status",
		"broken failed status",
		// tornado → FastAPI: the app object, with endpoints of its own, makes the library an "other".
		"tornado-legacy changed primary_framework",
		"tornado-legacy changed architecture",
		"tornado-legacy changed patterns.app_entry",
		"tornado-legacy changed patterns.endpoint", // its RequestHandler → @app.get routes
		"tornado-legacy changed patterns.framework",
		// requirements.txt → a Poetry project: a distribution, so a library.
		"celery-worker changed package_managers",
		"celery-worker changed architecture",
		"celery-worker changed patterns.key_file",
	}

	// Run 3: a new task queue, a repository that fails, one that recovers.
	s.commit("kafka-consumer", kafkaWithCelery)
	s.remove("pylib")
	s.create("broken", files("requirements.txt", "requests\n", "tool.py", "import requests\n"))
	r.runs[2] = s.survey(day.AddDate(0, 0, 2), second...)
	r.want[3] = []string{
		"pylib failed status",
		"broken recovered status",
		"kafka-consumer changed patterns.task_queue",
	}
	return r
}
