#include "core/enum_names.h"
#include "results/results.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "comments/enrichment.h"

namespace nazar::results {
namespace {

constexpr int kRebuildPage = 5000;

constexpr EnumNames<Metric, 5> kMetricNames{{
    {Metric::kNps, "nps"},
    {Metric::kCsat, "csat"},
    {Metric::kCes, "ces"},
    {Metric::kMean, "mean"},
    {Metric::kDistribution, "distribution"},
}};

metrics::CalendarKind CalendarOf(Calendar c) {
  return c == Calendar::kJalali ? metrics::CalendarKind::kJalali
                                : metrics::CalendarKind::kGregorian;
}

Result<Score> ScoreOf(Metric metric, metrics::Scale scale, std::span<const int64_t> histogram,
                      const metrics::ScoreOptions& options) {
  switch (metric) {
    case Metric::kNps: {
      auto s = metrics::NpsFromHistogram(scale, histogram, options);
      if (!s) return Fail(s.error());
      return Score(*s);
    }
    case Metric::kCsat:
    case Metric::kCes: {
      auto s = metric == Metric::kCsat ? metrics::CsatFromHistogram(scale, histogram, options)
                                       : metrics::CesFromHistogram(scale, histogram, options);
      if (!s) return Fail(s.error());
      return Score(*s);
    }
    case Metric::kMean:
    case Metric::kDistribution: {
      auto s = metrics::RatingsFromHistogram(scale, histogram, options);
      if (!s) return Fail(s.error());
      return Score(*s);
    }
  }
  return Fail(Error::Internal("unknown metric"));
}

Result<MetricGroup> GroupOf(Metric metric, metrics::Scale scale, const metrics::ScoreGroup& g,
                            const metrics::ScoreOptions& options) {
  auto score = ScoreOf(metric, scale, g.histogram, options);
  if (!score) return Fail(score.error());
  return MetricGroup{.key = g.key,
                     .bucket = g.bucket,
                     .bucket_start_day = g.bucket_start_day,
                     .histogram = g.histogram,
                     .n = g.n,
                     .score = std::move(*score)};
}

Result<metrics::Comparison> Compare(Metric metric, metrics::Scale scale,
                                    const std::vector<int64_t>& baseline,
                                    const std::vector<int64_t>& current,
                                    const metrics::ScoreOptions& options) {
  metrics::RatingCounts b{scale, baseline}, c{scale, current};
  if (metric == Metric::kNps) {
    auto nb = metrics::NpsCountsOf(b), nc = metrics::NpsCountsOf(c);
    if (!nb) return Fail(nb.error());
    if (!nc) return Fail(nc.error());
    return metrics::CompareNps(*nb, *nc, options);
  }
  if (metric == Metric::kCsat || metric == Metric::kCes) {
    int favourable_min = metric == Metric::kCsat ? metrics::kCsatSatisfiedMin : metrics::kCesEasyMin;
    auto prop = [&](const std::vector<int64_t>& h) {
      metrics::ProportionCounts p;
      for (size_t i = 0; i < h.size(); ++i) {
        p.n += h[i];
        if (scale.min + static_cast<int>(i) >= favourable_min) p.successes += h[i];
      }
      return p;
    };
    return metrics::CompareProportions(prop(baseline), prop(current), options);
  }
  auto mb = metrics::MomentsOf(b), mc = metrics::MomentsOf(c);
  if (!mb) return Fail(mb.error());
  if (!mc) return Fail(mc.error());
  return metrics::CompareMeans(*mb, *mc, options);
}

// The metric a CX question is scored with; nullopt for other questions.
std::optional<Metric> MetricOf(survey::QuestionType type) {
  switch (type) {
    case survey::QuestionType::kNps: return Metric::kNps;
    case survey::QuestionType::kCsat: return Metric::kCsat;
    case survey::QuestionType::kCes: return Metric::kCes;
    default: return std::nullopt;
  }
}

// A histogram of sentiment labels (kSentimentItem, 0..3) as counts by label.
std::array<int64_t, 4> LabelCounts(const std::vector<int64_t>& histogram) {
  std::array<int64_t, 4> counts{};
  for (size_t i = 0; i < counts.size() && i < histogram.size(); ++i) counts[i] = histogram[i];
  return counts;
}

}  // namespace

std::string_view ToString(Metric m) { return NameOf(kMetricNames, m, "nps"); }

std::optional<Metric> ParseMetric(std::string_view text) { return ParseName(kMetricNames, text); }

Result<MetricGroup> ScoreHistogram(Metric metric, metrics::Scale scale,
                                   const metrics::ScoreGroup& group,
                                   const metrics::ScoreOptions& options) {
  return GroupOf(metric, scale, group, options);
}

Result<metrics::Comparison> CompareHistograms(Metric metric, metrics::Scale scale,
                                              const std::vector<int64_t>& baseline,
                                              const std::vector<int64_t>& current,
                                              const metrics::ScoreOptions& options) {
  return Compare(metric, scale, baseline, current, options);
}

bool AttributeGate::Keep(const std::string& name, const std::string& value) {
  if (identifiers_.contains(name)) return false;
  auto& values = seen_[name];
  values.insert(value);
  if (values.size() <= kMaxSegmentValues) return true;
  identifiers_.insert(name);
  seen_.erase(name);
  return false;
}

metrics::ResponseRow RowOf(const Response& r, const survey::Definition& d, const TimeZoneDays& zone,
                           AttributeGate* gate) {
  metrics::ResponseRow row{.response_id = r.id,
                           .survey_id = r.survey_id,
                           .time_ms = r.completed_ms.value_or(r.created_ms),
                           .language = r.language,
                           .channel = r.channel,
                           .touchpoint = r.touchpoint,
                           .agent = r.agent};
  row.local_day = zone.LocalDay(row.time_ms);
  Json answers = Json::parse(r.answers, nullptr, false);
  if (answers.is_object()) {
    for (auto it = answers.begin(); it != answers.end(); ++it) {
      const survey::Question* q = d.FindQuestion(it.key());
      if (!q) continue;
      if (survey::IsScale(q->type) && it->is_number_integer()) {
        row.scores.emplace_back(q->id, it->get<int32_t>());
      } else if (q->type == survey::QuestionType::kMatrix && it->is_object()) {
        for (auto cell = it->begin(); cell != it->end(); ++cell) {
          if (cell->is_number_integer())
            row.scores.emplace_back(q->id + "." + cell.key(), cell->get<int32_t>());
        }
      } else if (q->type == survey::QuestionType::kSingleChoice && it->is_string()) {
        row.choices.emplace_back(q->id, it->get<std::string>());
      }
    }
  }
  // The comments' analysis (comments/enrichment.h): their label together, every topic once
  // with its own label (what the comments say about it).
  const std::vector<comments::StoredComment> comments = comments::StoredComments(r.meta);
  row.sentiment = comments::CombinedLabel(comments);
  if (auto label = std::ranges::find(kSentimentLabels, row.sentiment);
      label != kSentimentLabels.end()) {
    row.scores.emplace_back(kSentimentItem, static_cast<int32_t>(label - kSentimentLabels.begin()));
  }
  for (const auto& [topic, label] : comments::TopicLabels(comments)) {
    row.topics.push_back(topic);
    row.topic_sentiments.push_back(topic + ":" + label);
  }
  Json hidden = Json::parse(r.hidden, nullptr, false);
  if (hidden.is_object()) {
    for (auto it = hidden.begin(); it != hidden.end(); ++it) {
      if (!it->is_string()) continue;
      if (gate && !gate->Keep(it.key(), it->get<std::string>())) continue;
      row.attributes.emplace_back(it.key(), it->get<std::string>());
    }
  }
  return row;
}

std::vector<ScaleItem> ScaleItemsOf(const survey::Definition& d) {
  std::vector<ScaleItem> items;
  for (const survey::Question& q : d.questions) {
    const metrics::Scale scale{q.scale_min, q.scale_max};
    if (survey::IsScale(q.type)) {
      items.push_back({.id = q.id, .type = q.type, .label = q.text, .scale = scale});
    } else if (q.type == survey::QuestionType::kMatrix) {
      for (const survey::Choice& row : q.rows) {
        items.push_back(
            {.id = q.id + "." + row.id, .type = q.type, .label = row.text, .scale = scale});
      }
    }
  }
  return items;
}

Result<void> PartitionedView::Append(const metrics::ResponseRow& row) {
  metrics::ResponseView* view = nullptr;
  {
    std::shared_lock lock(mu_);
    auto it = by_survey_.find(row.survey_id);
    if (it != by_survey_.end()) view = it->second.get();
  }
  if (!view) {
    std::unique_lock lock(mu_);
    auto& slot = by_survey_[row.survey_id];
    if (!slot) slot = std::make_unique<metrics::ResponseView>(options_);
    view = slot.get();
  }
  return view->Append(row);
}

std::vector<const metrics::ResponseView*> PartitionedView::Targets(
    std::optional<int64_t> survey_id) const {
  std::shared_lock lock(mu_);
  std::vector<const metrics::ResponseView*> out;
  if (survey_id) {
    if (auto it = by_survey_.find(*survey_id); it != by_survey_.end()) out.push_back(it->second.get());
  } else {
    for (const auto& [id, view] : by_survey_) out.push_back(view.get());
  }
  return out;
}

int64_t PartitionedView::Size() const {
  int64_t n = 0;
  for (const auto* v : Targets(std::nullopt)) n += v->Size();
  return n;
}

int64_t PartitionedView::MemoryBytes() const {
  int64_t n = 0;
  for (const auto* v : Targets(std::nullopt)) n += v->MemoryBytes();
  return n;
}

Result<int64_t> PartitionedView::CountResponses(const metrics::Filter& filter) const {
  int64_t n = 0;
  for (const auto* v : Targets(filter.survey_id)) {
    auto c = v->CountResponses(filter);
    if (!c) return Fail(c.error());
    n += *c;
  }
  return n;
}

Result<metrics::ScoreColumns> PartitionedView::ReadScores(
    const metrics::Filter& filter, std::span<const std::string> question_ids) const {
  metrics::ScoreColumns out;
  out.columns.resize(question_ids.size());
  for (const auto* v : Targets(filter.survey_id)) {
    auto part = v->ReadScores(filter, question_ids);
    if (!part) return Fail(part.error());
    if (out.rows == 0) {
      out = std::move(*part);
      continue;
    }
    for (size_t j = 0; j < out.columns.size(); ++j) {
      out.columns[j].insert(out.columns[j].end(), part->columns[j].begin(), part->columns[j].end());
    }
    out.rows += part->rows;
  }
  return out;
}

Result<metrics::ScoreResult> PartitionedView::Scores(const metrics::ScoreQuery& q) const {
  auto targets = Targets(q.filter.survey_id);
  if (targets.size() == 1) return targets.front()->Scores(q);
  // Groups of every survey's view, merged by (bucket start, key, bucket): time order for
  // trends, key order otherwise, as one view orders them.
  std::map<std::tuple<int32_t, std::string, std::string>, metrics::ScoreGroup> merged;
  metrics::ScoreResult out;
  out.scale = {q.scale_min, q.scale_max};
  for (const auto* v : targets) {
    auto r = v->Scores(q);
    if (!r) return Fail(r.error());
    out.scale = r->scale;
    for (auto& g : r->groups) {
      auto& m = merged[{q.trend ? g.bucket_start_day : 0, g.key, g.bucket}];
      if (m.histogram.empty()) {
        m = std::move(g);
        continue;
      }
      for (size_t i = 0; i < m.histogram.size() && i < g.histogram.size(); ++i)
        m.histogram[i] += g.histogram[i];
      m.n += g.n;
    }
  }
  if (merged.empty() && !q.group_by && !q.trend) {
    out.groups.push_back({.histogram = std::vector<int64_t>(q.scale_max - q.scale_min + 1, 0)});
  }
  for (auto& [k, g] : merged) out.groups.push_back(std::move(g));
  return out;
}

ResultsService::ResultsService(Store& store, survey::SurveyService& surveys,
                               metrics::ViewOptions options)
    : store_(store), surveys_(surveys), options_(options) {}

Result<std::shared_ptr<ResultsService::OrgView>> ResultsService::Build(const Organisation& org) {
  auto zone = TimeZoneDays::ForZone(org.time_zone);
  if (!zone) return Fail(zone.error());
  auto v = std::make_shared<OrgView>();
  v->time_zone = org.time_zone;
  v->calendar = CalendarOf(org.calendar);
  v->zone = std::make_shared<TimeZoneDays>(std::move(*zone));
  v->view = std::make_unique<PartitionedView>(options_);
  auto members = store_.personas().ListPersonaMembers(org.id);
  if (!members) return Fail(members.error());
  for (const PersonaMember& m : *members) {
    v->personas[m.contact_id].push_back(fmt::format("{}", m.persona_id));
  }
  ResponseQuery q{.status = ResponseStatus::kComplete, .limit = kRebuildPage};
  while (true) {
    auto page = store_.responses().ListResponses(org.id, q);
    if (!page) return Fail(page.error());
    for (const Response& r : page->items) {
      v->last_response_id = std::max(v->last_response_id, r.id);
      auto def = surveys_.DefinitionOf(org.id, r.survey_id, r.version);
      if (!def) return Fail(def.error());
      std::lock_guard gate_lock(v->gate_mu);
      if (auto st = v->view->Append(v->Row(r, **def)); !st) {
        spdlog::warn("response {} left out of the metrics view: {}", r.id, st.error().message);
      }
    }
    if (!page->next_after) break;
    q.after = page->next_after;
  }
  return v;
}

metrics::ResponseRow ResultsService::OrgView::Row(const Response& r, const survey::Definition& d) {
  metrics::ResponseRow row = RowOf(r, d, *zone, &gate);
  if (r.contact_id) {
    if (auto it = personas.find(*r.contact_id); it != personas.end()) row.personas = it->second;
  }
  return row;
}

bool ResultsService::MarkStaleIfBuilding(OrgId org) {
  std::lock_guard lock(mu_);
  if (!recorded_during_build_.contains(org)) return false;
  stale_during_build_.insert(org);
  return true;
}

Result<void> ResultsService::Reappend(OrgId org, const std::vector<int64_t>& response_ids) {
  if (MarkStaleIfBuilding(org)) return {};
  std::shared_ptr<OrgView> v;
  {
    std::lock_guard lock(mu_);
    auto it = views_.find(org);
    if (it == views_.end()) return {};  // built from the store on first use
    v = it->second;
  }
  TRY_ASSIGN(std::vector<Response> responses, store_.responses().GetResponses(org, response_ids));
  for (const Response& r : responses) {
    if (r.status != ResponseStatus::kComplete) continue;
    auto def = surveys_.DefinitionOf(org, r.survey_id, r.version);
    if (!def) return Fail(def.error());
    std::lock_guard gate_lock(v->gate_mu);
    if (auto st = v->view->Append(v->Row(r, **def)); !st) return Fail(st.error());
  }
  return {};
}

Result<void> ResultsService::ContactPersonasChanged(OrgId org, int64_t contact_id,
                                                    const std::vector<int64_t>& persona_ids) {
  if (MarkStaleIfBuilding(org)) return {};
  std::shared_ptr<OrgView> v;
  {
    std::lock_guard lock(mu_);
    auto it = views_.find(org);
    if (it == views_.end()) return {};  // built from the store on first use
    v = it->second;
  }
  {
    std::lock_guard gate_lock(v->gate_mu);
    std::vector<std::string>& ids = v->personas[contact_id];
    ids.clear();
    for (int64_t p : persona_ids) ids.push_back(fmt::format("{}", p));
  }
  return ForEachListed(
      ResponseQuery{
          .contact_id = contact_id, .status = ResponseStatus::kComplete, .limit = kRebuildPage},
      [&](const auto& q) { return store_.responses().ListResponses(org, q); },
      [&](const Response& r) -> Result<void> {
        auto def = surveys_.DefinitionOf(org, r.survey_id, r.version);
        if (!def) return Fail(def.error());
        std::lock_guard gate_lock(v->gate_mu);
        return v->view->Append(v->Row(r, **def));
      });
}

Result<int64_t> ResultsService::Rebuild(OrgId org_id) {
  auto org = store_.accounts().GetOrganisation(org_id);
  if (!org) return Fail(org.error());
  {
    std::lock_guard lock(mu_);
    recorded_during_build_.try_emplace(org_id);
  }
  auto built = Build(*org);
  std::vector<Response> recorded;
  {
    std::lock_guard lock(mu_);
    recorded = std::move(recorded_during_build_[org_id]);
    recorded_during_build_.erase(org_id);
    if (built) views_[org_id] = *built;
  }
  if (!built) return Fail(built.error());
  std::shared_ptr<OrgView> v = std::move(*built);
  // Responses recorded while the build read the store (a partial one completed, say).
  for (const Response& r : recorded) {
    auto def = surveys_.DefinitionOf(org_id, r.survey_id, r.version);
    std::lock_guard gate_lock(v->gate_mu);
    if (def) (void)v->view->Append(v->Row(r, **def));
  }
  // Responses committed after the scan's last page and before the swap went to the old
  // view: catch up (appending a response again replaces it, so overlap is harmless).
  ResponseQuery q{.status = ResponseStatus::kComplete, .after = v->last_response_id,
                  .limit = kRebuildPage};
  while (true) {
    auto page = store_.responses().ListResponses(org_id, q);
    if (!page) return Fail(page.error());
    for (const Response& r : page->items) {
      auto def = surveys_.DefinitionOf(org_id, r.survey_id, r.version);
      std::lock_guard gate_lock(v->gate_mu);
      if (def) (void)v->view->Append(v->Row(r, **def));
    }
    if (!page->next_after) break;
    q.after = page->next_after;
  }
  // Rows changed under the build (an erasure, a contact's personas): read them again.
  bool again = false;
  {
    std::lock_guard lock(mu_);
    again = stale_during_build_.erase(org_id) > 0;
  }
  if (again) return Rebuild(org_id);
  return v->view->Size();
}

Result<int64_t> ResultsService::RebuildAll() {
  auto orgs = store_.responses().ListOrganisationIds();
  if (!orgs) return Fail(orgs.error());
  int64_t total = 0;
  for (OrgId org : *orgs) {
    auto n = Rebuild(org);
    if (!n) return Fail(n.error());
    total += *n;
  }
  return total;
}

Result<std::shared_ptr<ResultsService::OrgView>> ResultsService::ViewOf(OrgId org_id) {
  auto org = store_.accounts().GetOrganisation(org_id);
  if (!org) return Fail(org.error());
  return ViewOf(*org);
}

Result<std::shared_ptr<ResultsService::OrgView>> ResultsService::ViewOf(const Organisation& org) {
  OrgId org_id = org.id;
  {
    std::lock_guard lock(mu_);
    auto it = views_.find(org_id);
    if (it != views_.end() && it->second->time_zone == org.time_zone &&
        it->second->calendar == CalendarOf(org.calendar)) {
      return it->second;
    }
  }
  // First use, or the organisation moved to another time zone or calendar.
  auto n = Rebuild(org_id);
  if (!n) return Fail(n.error());
  std::lock_guard lock(mu_);
  return views_[org_id];
}

void ResultsService::Record(const Response& r, const survey::Definition& d) {
  if (r.status != ResponseStatus::kComplete) return;
  std::shared_ptr<OrgView> v;
  {
    std::lock_guard lock(mu_);
    if (auto building = recorded_during_build_.find(r.org_id);
        building != recorded_during_build_.end()) {
      building->second.push_back(r);
    }
    auto it = views_.find(r.org_id);
    if (it == views_.end()) return;  // built from the store on first use
    v = it->second;
  }
  std::lock_guard gate_lock(v->gate_mu);
  if (auto st = v->view->Append(v->Row(r, d)); !st) {
    spdlog::warn("response {} left out of the metrics view: {}", r.id, st.error().message);
  }
}

Result<MetricReport> ResultsService::Report(const Organisation& organisation,
                                            const MetricRequest& req) {
  OrgId org = organisation.id;
  auto v = ViewOf(organisation);
  if (!v) return Fail(v.error());
  MetricReport report{.metric = req.metric, .question_id = req.question_id,
                      .calendar = (*v)->calendar, .time_zone = (*v)->time_zone};
  switch (req.metric) {
    case Metric::kNps: report.scale = {0, 10}; break;
    case Metric::kCsat: report.scale = {1, 5}; break;
    case Metric::kCes: report.scale = {1, 7}; break;
    default: {
      if (!req.survey_id) {
        return Fail(Error::InvalidArgument("survey is required for this metric", "survey"));
      }
      auto def = PublishedDefinition(org, *req.survey_id);
      if (!def) return Fail(def.error());
      std::string qid = req.question_id, row;
      if (auto dot = qid.find('.'); dot != std::string::npos) {
        row = qid.substr(dot + 1);
        qid = qid.substr(0, dot);
      }
      const survey::Question* q = (*def)->FindQuestion(qid);
      bool ok = q && ((survey::IsScale(q->type) && row.empty()) ||
                      (q->type == survey::QuestionType::kMatrix && !row.empty()));
      if (!ok) {
        return Fail(Error::InvalidArgument(
            "question must be a rating question of the survey (a matrix row as grid.row)",
            "question"));
      }
      report.scale = {q->scale_min, q->scale_max};
    }
  }
  if (report.question_id.empty()) report.question_id = std::string(ToString(req.metric));
  metrics::ScoreQuery query{.question_id = report.question_id,
                            .scale_min = report.scale.min,
                            .scale_max = report.scale.max,
                            .filter = req.filter,
                            .calendar = report.calendar};
  if (req.survey_id) query.filter.survey_id = req.survey_id;

  // One scan: grouped when asked; every counted response falls in exactly one group (an
  // absent value is a group of its own), so the overall histogram is the groups' sum. A
  // multi-valued dimension (topics) puts a response in several groups: the overall figure is
  // then scanned on its own.
  metrics::ScoreQuery scan = query;
  scan.group_by = req.group_by;
  scan.trend = req.trend;
  auto res = (*v)->view->Scores(scan);
  if (!res) return Fail(res.error());
  metrics::ScoreGroup total{.histogram = std::vector<int64_t>(report.scale.max - report.scale.min + 1, 0)};
  if (req.group_by && metrics::IsMultiValued(req.group_by->dimension)) {
    auto all = (*v)->view->Scores(query);
    if (!all) return Fail(all.error());
    total = std::move(all->groups.front());
  } else {
    for (const auto& g : res->groups) {
      for (size_t i = 0; i < g.histogram.size() && i < total.histogram.size(); ++i)
        total.histogram[i] += g.histogram[i];
      total.n += g.n;
    }
  }
  auto og = GroupOf(req.metric, report.scale, total, req.score_options);
  if (!og) return Fail(og.error());
  report.overall = std::move(*og);
  if (req.group_by || req.trend) {
    for (const auto& g : res->groups) {
      auto mg = GroupOf(req.metric, report.scale, g, req.score_options);
      if (!mg) return Fail(mg.error());
      report.groups.push_back(std::move(*mg));
    }
  }
  if (req.group_by && !req.trend) {
    auto vr = CompareWithRest(req.metric, report.scale, report.overall.histogram, report.groups,
                              req.score_options);
    if (!vr) return Fail(vr.error());
    report.versus_rest = std::move(*vr);
  }
  if (req.baseline_filter) {
    metrics::ScoreQuery base = query;
    base.filter = *req.baseline_filter;
    if (req.survey_id) base.filter.survey_id = req.survey_id;
    auto res = (*v)->view->Scores(base);
    if (!res) return Fail(res.error());
    auto bg = GroupOf(req.metric, report.scale, res->groups.front(), req.score_options);
    if (!bg) return Fail(bg.error());
    auto cmp = Compare(req.metric, report.scale, bg->histogram, report.overall.histogram,
                       req.score_options);
    if (!cmp) return Fail(cmp.error());
    report.baseline = std::move(*bg);
    report.comparison = *cmp;
  }
  return report;
}

Result<int64_t> ResultsService::Count(OrgId org, const metrics::Filter& filter) {
  auto v = ViewOf(org);
  if (!v) return Fail(v.error());
  return (*v)->view->CountResponses(filter);
}

Result<TopicReport> ResultsService::Topics(const Organisation& organisation,
                                           const TopicRequest& req) {
  const metrics::DimensionRef by_topic{metrics::Dimension::kTopic, ""};
  // The score: the metric asked for, on the survey's question of that kind; else the survey's
  // first NPS, CSAT or CES question.
  MetricRequest scoring{.metric = req.metric.value_or(Metric::kNps),
                        .survey_id = req.survey_id,
                        .filter = req.filter,
                        .group_by = by_topic,
                        .score_options = req.score_options};
  if (req.survey_id) {
    auto def = PublishedDefinition(organisation.id, *req.survey_id);
    if (!def) return Fail(def.error());
    for (const survey::Question& q : (*def)->questions) {
      const std::optional<Metric> metric = MetricOf(q.type);
      if (!metric || (req.metric && *metric != *req.metric)) continue;
      scoring.metric = *metric;
      scoring.question_id = q.id;
      break;
    }
  }
  auto scored = Report(organisation, scoring);
  if (!scored) return Fail(scored.error());

  // The labels, overall and per topic (each topic's own label, kTopicSentiment: a mixed
  // comment counts negative for one topic and positive for another): one scan each over
  // the label kept as a score.
  auto v = ViewOf(organisation);
  if (!v) return Fail(v.error());
  metrics::ScoreQuery labels{.question_id = std::string(kSentimentItem),
                             .scale_min = 0,
                             .scale_max = static_cast<int32_t>(kSentimentLabels.size()) - 1,
                             .filter = req.filter};
  if (req.survey_id) labels.filter.survey_id = req.survey_id;
  auto overall = (*v)->view->Scores(labels);
  if (!overall) return Fail(overall.error());
  labels.group_by = metrics::DimensionRef{metrics::Dimension::kTopicSentiment, ""};
  auto topic_labels = (*v)->view->Scores(labels);
  if (!topic_labels) return Fail(topic_labels.error());
  std::map<std::string, std::array<int64_t, 4>, std::less<>> per_topic;
  for (const metrics::ScoreGroup& g : topic_labels->groups) {
    const size_t colon = g.key.rfind(':');
    if (colon == std::string::npos || colon == 0) continue;  // comments without a topic
    auto label = std::ranges::find(kSentimentLabels, std::string_view(g.key).substr(colon + 1));
    if (label == kSentimentLabels.end()) continue;
    per_topic[g.key.substr(0, colon)][label - kSentimentLabels.begin()] += g.n;
  }

  TopicReport report{.metric = scored->metric,
                     .question_id = scored->question_id,
                     .labels = LabelCounts(overall->groups.front().histogram),
                     .comments = overall->groups.front().n};
  for (const auto& [key, counts] : per_topic) {
    TopicSummary topic{.topic = key, .labels = counts};
    for (int64_t n : counts) topic.comments += n;
    auto score = std::ranges::find(scored->groups, key, &MetricGroup::key);
    if (score != scored->groups.end()) {
      topic.score = *score;
    } else {  // nobody who mentions it answered the question
      auto none = GroupOf(scored->metric, scored->scale,
                          {.key = key, .histogram = std::vector<int64_t>(
                                             scored->scale.max - scored->scale.min + 1, 0)},
                          req.score_options);
      if (!none) return Fail(none.error());
      topic.score = std::move(*none);
    }
    report.topics.push_back(std::move(topic));
  }
  std::ranges::stable_sort(report.topics, std::greater<>(), &TopicSummary::comments);
  return report;
}

Result<std::shared_ptr<const survey::Definition>> ResultsService::PublishedDefinition(
    OrgId org, int64_t survey_id) {
  auto sv = store_.surveys().GetSurvey(org, survey_id);
  if (!sv) return Fail(sv.error());
  if (sv->published_version == 0) {
    return Fail(Error::FailedPrecondition("the survey has not been published", "survey"));
  }
  return surveys_.DefinitionOf(org, sv->id, sv->published_version);
}

Result<std::vector<ScaleItem>> ResultsService::ScaleItems(OrgId org, int64_t survey_id) {
  auto def = PublishedDefinition(org, survey_id);
  if (!def) return Fail(def.error());
  return ScaleItemsOf(**def);
}

Result<ScaleAnswers> ResultsService::ReadScaleAnswers(const Organisation& organisation,
                                                      int64_t survey_id,
                                                      const metrics::Filter& filter,
                                                      const std::vector<std::string>& item_ids) {
  if (item_ids.empty()) {
    return Fail(Error::InvalidArgument("at least one question is needed", "item_ids"));
  }
  auto items = ScaleItems(organisation.id, survey_id);
  if (!items) return Fail(items.error());
  ScaleAnswers out;
  for (size_t i = 0; i < item_ids.size(); ++i) {
    auto it = std::ranges::find(*items, item_ids[i], &ScaleItem::id);
    if (it == items->end()) {
      return Fail(Error::InvalidArgument(
          fmt::format("\"{}\" is not a rating question or matrix row of the survey", item_ids[i]),
          fmt::format("item_ids[{}]", i)));
    }
    out.items.push_back(*it);
  }
  auto v = ViewOf(organisation);
  if (!v) return Fail(v.error());
  metrics::Filter scoped = filter;
  scoped.survey_id = survey_id;
  auto answers = (*v)->view->ReadScores(scoped, item_ids);
  if (!answers) return Fail(answers.error());
  out.answers = std::move(*answers);
  return out;
}

Result<int64_t> ResultsService::ViewSizeForTest(OrgId org) {
  auto v = ViewOf(org);
  if (!v) return Fail(v.error());
  return (*v)->view->Size();
}

int64_t ResultsService::MemoryBytes() {
  std::lock_guard lock(mu_);
  int64_t total = 0;
  for (const auto& [org, v] : views_) total += v->view->MemoryBytes();
  return total;
}

}  // namespace nazar::results
