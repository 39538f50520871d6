package main

// SQLCmd runs ad-hoc SQL over the views.
type SQLCmd struct {
	Statement TextFlag `arg:"" help:"SQL to run over the views (runs, repos, files, imports, symbols, dependencies, projects, repo_summary, their all_ forms, patterns, stdlib)."`
	DataFlags
}

// Run prints the statement's answer.
func (c *SQLCmd) Run(env *Env) error {
	db, params, close, err := c.open(env, string(c.Statement), false)
	if err != nil {
		return err
	}
	defer close()
	res, err := db.SQL(env.Ctx, string(c.Statement), params)
	if err != nil {
		return err
	}
	return c.print(env, res)
}
