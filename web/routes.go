package web

import "net/http"

// routes is the one table of every route the product serves, and who may call it.
// Authorization of a resource happens in one place per resource: s.account for
// /accounts/{account}/..., s.draftAccount for /drafts/{id}/...
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	// Anyone.
	mux.Handle("GET /static/", s.assets)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /schema/manifest.schema.json", s.handle(s.schema))
	mux.Handle("POST /api/v1/validate", s.handle(s.validateAPI))
	mux.Handle("GET /{$}", s.handle(s.home))
	mux.Handle("POST /check", s.handle(s.check))
	mux.Handle("GET /setup", s.handle(s.setupPage))    // only while nobody exists
	mux.Handle("POST /setup", s.handle(s.setupSubmit)) // only while nobody exists
	mux.Handle("GET /login", s.handle(s.loginPage))
	mux.Handle("POST /login", s.handle(s.loginSubmit))
	mux.Handle("POST /logout", s.handle(s.logout))
	mux.Handle("GET /invite/{token}", s.handle(s.invitePage))    // holder of the link
	mux.Handle("POST /invite/{token}", s.handle(s.acceptInvite)) // holder of the link

	// Account managers.
	mux.Handle("GET /accounts", s.managerOnly(s.accountsPage))
	mux.Handle("POST /accounts", s.managerOnly(s.createAccount))
	mux.Handle("GET /accounts/{account}", s.managerOnly(s.accountPage))
	mux.Handle("POST /accounts/{account}/invites", s.managerOnly(s.invite))
	mux.Handle("POST /accounts/{account}/people/{person}/disable", s.managerOnly(s.setPersonDisabled(true)))
	mux.Handle("POST /accounts/{account}/people/{person}/enable", s.managerOnly(s.setPersonDisabled(false)))

	// Managers, and customers of that account.
	mux.Handle("GET /drafts", s.signedIn(s.myDrafts))
	mux.Handle("GET /accounts/{account}/drafts", s.signedIn(s.draftsPage))
	mux.Handle("POST /accounts/{account}/drafts", s.signedIn(s.newDraft))
	mux.Handle("GET /accounts/{account}/trash", s.signedIn(s.trashPage))
	mux.Handle("GET /drafts/{id}", s.signedIn(s.editorPage))
	mux.Handle("GET /drafts/{id}/edit/{section}", s.signedIn(s.editorPage))
	mux.Handle("POST /drafts/{id}/edit/json", s.signedIn(s.applyJSON))
	mux.Handle("POST /drafts/{id}/edit/{section}", s.signedIn(s.saveSection))
	mux.Handle("GET /drafts/{id}/saved", s.signedIn(s.savedVersion))
	mux.Handle("POST /drafts/{id}/duplicate", s.signedIn(s.duplicateDraft))
	mux.Handle("GET /drafts/{id}/delete", s.signedIn(s.confirmDeleteDraft))
	mux.Handle("POST /drafts/{id}/delete", s.signedIn(s.deleteDraft))
	mux.Handle("POST /drafts/{id}/restore", s.signedIn(s.restoreDraft))

	s.transferRoutes(mux)

	// Everything else is a page that does not exist.
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))

	return s.middleware(mux)
}
