import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-KIUXLFZJ.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
