using DispenseStation.Firmware.Util;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Station.Recipe
{
    /// <summary>
    /// Checks a parsed control recipe against this station's own limits (channels fitted, bottle
    /// mass, plate temperature, step count, sane times) before it is accepted. Returns null, or the
    /// first violation naming the field and the rule, e.g. "steps[3].channel: 7 is not fitted
    /// (station has channels 0..5)". Nothing is applied by validating.
    /// </summary>
    public static class RecipeValidator
    {
        public static string Check(ControlRecipe recipe, StationConfig limits)
        {
            if (recipe == null) return "recipe: required";
            if (recipe.BatchId == null || recipe.BatchId.Length == 0) return "batchId: required";
            if (!(recipe.MaxBottleGrams > 0) || !Num.IsFinite(recipe.MaxBottleGrams))
            {
                return "maxBottleGrams: must be a positive number";
            }
            if (recipe.MaxBottleGrams > limits.MaxBottleGrams)
            {
                return "maxBottleGrams: " + F(recipe.MaxBottleGrams) + " g exceeds the station limit of " + F(limits.MaxBottleGrams) + " g";
            }
            RecipeStep[] steps = recipe.Steps;
            if (steps == null || steps.Length == 0) return "steps: at least one step is required";
            if (steps.Length > limits.MaxSteps)
            {
                return "steps: " + steps.Length + " steps exceed the station limit of " + limits.MaxSteps;
            }
            double totalGrams = 0;
            for (int i = 0; i < steps.Length; i++)
            {
                string where = "steps[" + i + "]";
                RecipeStep step = steps[i];
                if (step == null) return where + ": required";
                string problem = CheckStep(step, limits, where);
                if (problem != null) return problem;
                if (StepKind.Of(step.Kind) == StepKind.Dose)
                {
                    totalGrams += step.TargetGrams + step.ToleranceGrams;
                    if (totalGrams > recipe.MaxBottleGrams)
                    {
                        return where + ".targetGrams: doses up to here reach " + F(totalGrams) + " g, over maxBottleGrams "
                            + F(recipe.MaxBottleGrams) + " g";
                    }
                }
            }
            return null;
        }

        private static string CheckStep(RecipeStep step, StationConfig limits, string where)
        {
            int kind = StepKind.Of(step.Kind);
            if (kind == StepKind.Unknown) return where + ".kind: unknown step kind '" + step.Kind + "'";
            // Absent times parse as NaN; present ones must be sane.
            if (!double.IsNaN(step.TimeoutS) && (!(step.TimeoutS >= 0) || step.TimeoutS > limits.MaxStepSeconds))
            {
                return where + ".timeoutS: must be 0.." + F(limits.MaxStepSeconds) + " s";
            }
            if (kind != StepKind.Mix && !double.IsNaN(step.DurationS) && (!(step.DurationS >= 0) || step.DurationS > limits.MaxStepSeconds))
            {
                return where + ".durationS: must be 0.." + F(limits.MaxStepSeconds) + " s";
            }
            switch (kind)
            {
                case StepKind.Dose:
                    if (step.Channel < 0 || step.Channel >= limits.ChannelCount)
                    {
                        return where + ".channel: " + step.Channel + " is not fitted (station has channels 0.." + (limits.ChannelCount - 1) + ")";
                    }
                    if (!(step.TargetGrams > 0) || !Num.IsFinite(step.TargetGrams)) return where + ".targetGrams: must be a positive number";
                    if (!(step.ToleranceGrams >= limits.MinToleranceGrams))
                    {
                        return where + ".toleranceGrams: must be at least " + F(limits.MinToleranceGrams) + " g (scale resolution)";
                    }
                    if (step.ToleranceGrams >= step.TargetGrams) return where + ".toleranceGrams: must be smaller than targetGrams";
                    if (!(step.TimeoutS > 0)) return where + ".timeoutS: a dose needs a timeout > 0";
                    return null;
                case StepKind.Mix:
                    if (!(step.DurationS > 0) || step.DurationS > limits.MaxStepSeconds)
                    {
                        return where + ".durationS: must be in (0, " + F(limits.MaxStepSeconds) + "] s";
                    }
                    return null;
                case StepKind.Prompt:
                    if (step.PromptText == null || step.PromptText.Length == 0) return where + ".promptText: required for a prompt";
                    return null;
                case StepKind.Bake:
                    return CheckBake(step, limits, where);
                default:
                    return null;
            }
        }

        private static string CheckBake(RecipeStep step, StationConfig limits, string where)
        {
            var bake = step.Bake;
            if (bake == null || bake.Length == 0) return where + ".bake: at least one segment is required";
            if (bake.Length > limits.MaxBakeSegments)
            {
                return where + ".bake: " + bake.Length + " segments exceed the station limit of " + limits.MaxBakeSegments;
            }
            double totalS = 0;
            for (int s = 0; s < bake.Length; s++)
            {
                string at = where + ".bake[" + s + "]";
                var seg = bake[s];
                if (seg == null) return at + ": required";
                if (!(seg.SetpointC >= 0) || seg.SetpointC > limits.MaxPlateC)
                {
                    return at + ".setpointC: must be 0.." + F(limits.MaxPlateC) + " C (station limit)";
                }
                if (!(seg.RampCPerMin >= 0) || !Num.IsFinite(seg.RampCPerMin)) return at + ".rampCPerMin: must be >= 0";
                if (!(seg.HoldS >= 0) || seg.HoldS > limits.MaxStepSeconds)
                {
                    return at + ".holdS: must be 0.." + F(limits.MaxStepSeconds) + " s";
                }
                if (seg.HoldS > 0 && !(seg.BandC > 0)) return at + ".bandC: a hold needs a band > 0";
                totalS += seg.HoldS;
            }
            if (totalS > limits.MaxStepSeconds) return where + ".bake: total hold " + F(totalS) + " s exceeds " + F(limits.MaxStepSeconds) + " s";
            return null;
        }

        private static string F(double value)
        {
            return value.ToString("F3");
        }
    }
}
