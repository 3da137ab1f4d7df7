namespace SparkTuner.Web.Model;

/// <summary>A group of chart panels (Memory, CPU, …) on the Compare page.</summary>
public sealed record PanelGroupViewModel(string Key, string Title, IReadOnlyList<PanelViewModel> Panels);
