export const answer = "resources";
