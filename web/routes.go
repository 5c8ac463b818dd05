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
	mux.Handle("GET /reviews", s.managerOnly(s.reviewQueue))
	mux.Handle("GET /finalized", s.managerOnly(s.allFinalized))

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
	mux.Handle("GET /drafts/{id}/history", s.signedIn(s.historyPage))
	mux.Handle("GET /drafts/{id}/history/{version}", s.signedIn(s.versionPage))
	mux.Handle("POST /drafts/{id}/history/{version}/restore", s.signedIn(s.restoreVersion))
	mux.Handle("POST /drafts/{id}/duplicate", s.signedIn(s.duplicateDraft))
	mux.Handle("GET /drafts/{id}/delete", s.signedIn(s.confirmDeleteDraft))
	mux.Handle("POST /drafts/{id}/delete", s.signedIn(s.deleteDraft))
	mux.Handle("POST /drafts/{id}/restore", s.signedIn(s.restoreDraft))

	mux.Handle("GET /accounts/{account}/import", s.signedIn(s.importPage))
	mux.Handle("POST /accounts/{account}/import", s.signedIn(s.importManifest))
	mux.Handle("GET /drafts/{id}/imported", s.signedIn(s.importedPage))
	mux.Handle("GET /drafts/{id}/download", s.signedIn(s.downloadManifest))
	mux.Handle("GET /drafts/{id}/manifest.json", s.signedIn(s.manifestJSON))

	// Review: which draft by s.draft; who may act by the step's role
	// (customers submit and withdraw, managers approve and request changes).
	mux.Handle("GET /drafts/{id}/review", s.signedIn(s.reviewPage))
	mux.Handle("POST /drafts/{id}/submit", s.signedIn(s.reviewAction(submitStep.with(s.submitDraft))))
	mux.Handle("POST /drafts/{id}/withdraw", s.signedIn(s.reviewAction(withdrawStep.with(s.withdrawDraft))))
	mux.Handle("GET /drafts/{id}/approve", s.signedIn(s.confirmApprovePage)) // asks to confirm; managers
	mux.Handle("POST /drafts/{id}/approve", s.signedIn(s.reviewAction(approveStep.with(s.approveDraft))))
	mux.Handle("POST /drafts/{id}/request-changes", s.signedIn(s.reviewAction(changesStep.with(s.requestChanges))))
	mux.Handle("POST /drafts/{id}/comments", s.signedIn(s.addComment))
	mux.Handle("POST /drafts/{id}/comments/{comment}/resolve", s.signedIn(s.resolveComment))
	mux.Handle("GET /accounts/{account}/finalized", s.signedIn(s.accountFinalized))
	mux.Handle("GET /drafts/{id}/revisions/{revision}/manifest.json", s.signedIn(s.revisionManifest))
	mux.Handle("GET /drafts/{id}/revisions/{revision}/handoff.zip", s.signedIn(s.handoffBundle))

	// Everything else is a page that does not exist.
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))

	return s.middleware(mux)
}
