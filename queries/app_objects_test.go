package queries_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestSubclassChainsOfManySameNamedClasses surveys a hostile tree: 1,500
// modules each importing App from pkg.base, defining class App(App) and
// building App(__name__), and a cycle of names (Ping, Pong, Ping). The
// chain of the repository's own subclasses is followed once per name, a
// call is matched once per class name, and only files that mount another
// application are searched for the applications they import, so such a
// tree costs its rows, not their square (10,000 modules: 73 s before,
// 0.6 s after, measured by hand: a figure, not a timed test), and the
// cycle ends.
func TestSubclassChainsOfManySameNamedClasses(t *testing.T) {
	trees := t.TempDir()
	write := func(name, text string) { writeFile(t, filepath.Join(trees, "same-names", name), text) }
	write("pyproject.toml", "[project]\nname = \"same-names\"\ndependencies = [\"flask\"]\n")
	write("pkg/__init__.py", "")
	write("pkg/base.py", "from flask import Flask\n\n\nclass App(Flask):\n    pass\n")
	for i := 1; i <= 1500; i++ {
		write(fmt.Sprintf("pkg/m%04d.py", i), "from pkg.base import App\n\n\nclass App(App):\n    pass\n\n\napp = App(__name__)\n")
	}
	write("pkg/cycle.py", "from flask import Flask\n\n\nclass Ping(Flask):\n    pass\n\n\nclass Pong(Ping):\n    pass\n\n\nclass Ping(Pong):\n    pass\n\n\nloop = Pong(__name__)\n")
	db := open(t, survey(t, trees), "")
	got := scalar(t, db, "SELECT architecture || ' | ' || architecture_evidence FROM repo_summary", nil)
	if want := `"flask_app | Pong() (a Flask subclass, pkg/cycle.py) in pkg/cycle.py"`; got != want {
		t.Errorf("repo_summary: %s, want %s", got, want)
	}
	files := scalar(t, db, "SELECT count(DISTINCT path) FROM app_objects WHERE framework = 'flask'", nil)
	if files != "1501" {
		t.Errorf("%s files build a Flask application, want 1501 (the 1,500 modules and cycle.py)", files)
	}
}

// TestImportedApplicationFoundByEqualityOfPathTails checks the match that
// replaced a suffix match tried against every application file: a FastAPI
// app in backend/svc/asgi.py mounts the Flask app it imports absolutely
// (from svc.admin import flask_app: backend/svc/admin.py, under a project
// directory, so a tail of the path). The relative import (the whole path)
// is the fixture fastapi-mounts-flask's.
func TestImportedApplicationFoundByEqualityOfPathTails(t *testing.T) {
	trees := t.TempDir()
	write := func(name, text string) { writeFile(t, filepath.Join(trees, "mount-tails", name), text) }
	write("backend/requirements.txt", "fastapi\nflask\na2wsgi\n")
	write("backend/svc/__init__.py", "")
	write("backend/svc/admin.py", "from flask import Flask\n\nflask_app = Flask(__name__)\n")
	write("backend/svc/asgi.py", "from a2wsgi import WSGIMiddleware\nfrom fastapi import FastAPI\n\n"+
		"from svc.admin import flask_app\n\napp = FastAPI()\napp.mount(\"/admin\", WSGIMiddleware(flask_app))\n")
	db := open(t, survey(t, trees), "")
	got := scalar(t, db, "SELECT framework || ': ' || serves FROM repo_frameworks WHERE serves IS NOT NULL", nil)
	if want := "fastapi: backend/svc/asgi.py mounts flask"; got != want {
		t.Errorf("repo_frameworks serves %s, want %s", got, want)
	}
	if got := scalar(t, db, "SELECT primary_framework FROM repo_summary", nil); got != "fastapi" {
		t.Errorf("primary framework %s, want fastapi (it serves the Flask app)", got)
	}
}

// writeFile writes a file of a tree, making its directories.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
