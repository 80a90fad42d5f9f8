// The API's JSON of surveys and their responses: a survey in lists and in its builder (links
// with their embed snippets, versions), a stored response (with its comments' analysis and
// analysts' labels), and what a submission answers.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "comments/text_settings.h"
#include "core/json.h"
#include "http/message.h"
#include "responses/ingest.h"
#include "store/records.h"
#include "survey/survey_service.h"

namespace nazar::http {

// {"id", "name", "status", "published_version", "created_at", "updated_at"}.
nazar::Json SurveySummaryJson(const Survey& survey);
// The summary with the draft's definition, its links (URLs and embed snippets under
// `base_url`) and its published versions.
nazar::Json SurveyDetailJson(const survey::SurveyDetail& detail, const std::string& base_url);
// A link with its URL, QR code URL and ready-to-paste embed snippets under `base_url`.
// `definition`, when given, puts the embed snippets in the survey's default language with
// its title there (a Persian survey's are right to left).
nazar::Json LinkJson(const SurveyLink& link, const std::string& base_url,
                     const nazar::Json* definition = nullptr);
// {"survey_id", "version", "published_at", "definition"}.
nazar::Json SurveyVersionJson(const SurveyVersion& version);
// A template: {"id", "name": {"en", "fa"}, "definition"}.
nazar::Json TemplateJson(const survey::SurveyTemplate& t);

// A stored response as the API shows it.
nazar::Json ResponseJson(const nazar::Response& response);
// ... with analysts' labels of its comments: "tags": {question: [labels]}.
nazar::Json ResponseJson(const nazar::Response& response, const comments::CommentLabels& labels);

// An integrator's submission: 201 with the stored response, `replayed` and `end_screen` (200
// for a retry).
Response SubmitResult(const Result<responses::SubmitOutcome>& outcome);
// What a public caller learns about its submission: status, replayed, end_screen; never the
// stored answers, hidden fields or ids (a guessed key must not reveal someone else's response).
Response PublicResult(const Result<responses::SubmitOutcome>& outcome);

}  // namespace nazar::http
